package io.sparkglm.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The refuse / stage / move-aside / rename-in / delete-old sequence of {@link OutputDirectory}, without Spark. */
class OutputDirectoryTest {
  @TempDir
  Path tmp;

  private Path oldOutput() throws IOException {
    Path dir = tmp.resolve("out");
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("summary.json"), "old");
    Files.writeString(dir.resolve("sub/stray.txt"), "stray");
    return dir;
  }

  /** The names in {@code tmp} (no temporary or moved-aside sibling may stay behind). */
  private List<String> siblings() throws IOException {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static void assertOld(Path dir) throws IOException {
    assertEquals("old", Files.readString(dir.resolve("summary.json")));
    assertEquals("stray", Files.readString(dir.resolve("sub/stray.txt")));
  }

  @Test
  void aNonEmptyDirectoryIsRefusedWithoutOverwriteAndNothingIsTouched() throws IOException {
    Path dir = oldOutput();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OutputDirectory.write("--out", dir, false, d -> Files.writeString(d.resolve("summary.json"), "new")));
    assertEquals("--out " + dir + " exists and is not empty; pass --overwrite to replace it or choose another "
        + "directory", e.getMessage());
    assertOld(dir);
    assertEquals(List.of("out"), siblings());
    OutputDirectory.check("--out", tmp.resolve("absent"), false);
    Files.writeString(tmp.resolve("file"), "x");
    e = assertThrows(IllegalArgumentException.class, () -> OutputDirectory.check("--out", tmp.resolve("file"), true));
    assertTrue(e.getMessage().contains("file exists and is not a directory"), e.getMessage());
  }

  @Test
  void writesANewDirectoryAndReplacesAnEmptyOne() throws IOException {
    Path fresh = tmp.resolve("a/b/new");
    OutputDirectory.write("--out", fresh, false, d -> Files.writeString(d.resolve("f"), "1"));
    assertEquals("1", Files.readString(fresh.resolve("f")));
    Path empty = Files.createDirectory(tmp.resolve("empty"));
    OutputDirectory.write("--out", empty, false, d -> Files.writeString(d.resolve("f"), "2"));
    assertEquals("2", Files.readString(empty.resolve("f")));
    assertEquals(List.of("a", "empty"), siblings());
  }

  @Test
  void overwriteReplacesTheOldDirectoryCompletely() throws IOException {
    Path dir = oldOutput();
    OutputDirectory.write("--out", dir, true, d -> Files.writeString(d.resolve("summary.json"), "new"));
    assertEquals("new", Files.readString(dir.resolve("summary.json")));
    assertFalse(Files.exists(dir.resolve("sub")), "the old stray file is gone");
    assertEquals(List.of("out"), siblings());
  }

  @Test
  void aWriterThatFailsLeavesTheOldOutputsAndNoTemporaryDirectory() throws IOException {
    Path dir = oldOutput();
    IOException e = assertThrows(IOException.class, () -> OutputDirectory.write("--out", dir, true, d -> {
      Files.writeString(d.resolve("summary.json"), "half");
      throw new IOException("disk full");
    }));
    assertEquals("disk full", e.getMessage());
    assertOld(dir);
    assertEquals(List.of("out"), siblings());
  }

  /** The moves of a commit: old aside, new in (fails here), old back; then the temporary directory is deleted. */
  @Test
  void aFailedRenameInPutsTheOldDirectoryBack() throws IOException {
    Path dir = oldOutput();
    List<String> moves = new ArrayList<>();
    OutputDirectory.Mover failing = (from, to) -> {
      moves.add(from.getFileName() + " -> " + to.getFileName());
      if (moves.size() == 2) {
        assertFalse(Files.exists(dir), "the old directory is aside while the new one moves in");
        throw new IOException("rename failed");
      }
      OutputDirectory.move(from, to);
    };
    try (OutputDirectory.Staged s = OutputDirectory.stage("--out", dir, true)) {
      Files.writeString(s.path().resolve("summary.json"), "new");
      assertTrue(s.path().getFileName().toString().startsWith("out.sparkglm-tmp-"), s.path().toString());
      assertEquals(dir.toAbsolutePath().getParent(), s.path().getParent(), "a sibling");
      assertEquals("rename failed", assertThrows(IOException.class, () -> s.commit(failing)).getMessage());
    }
    assertEquals(3, moves.size(), "" + moves);
    assertTrue(moves.get(0).matches("out -> out\\.sparkglm-old-[0-9a-f]+"), "" + moves);
    assertTrue(moves.get(1).matches("out\\.sparkglm-tmp-\\d+ -> out"), "" + moves);
    assertTrue(moves.get(2).matches("out\\.sparkglm-old-[0-9a-f]+ -> out"), "" + moves);
    assertOld(dir);
    assertEquals(List.of("out"), siblings());
  }

  @Test
  void aFailedMoveAsideLeavesTheOldDirectory() throws IOException {
    Path dir = oldOutput();
    try (OutputDirectory.Staged s = OutputDirectory.stage("--out", dir, true)) {
      Files.writeString(s.path().resolve("summary.json"), "new");
      assertThrows(IOException.class, () -> s.commit((from, to) -> {
        throw new IOException("no");
      }));
    }
    assertOld(dir);
    assertEquals(List.of("out"), siblings());
  }

  /** A directory filled by someone else while the output was written is still not overwritten. */
  @Test
  void theCommitChecksAgain() throws IOException {
    Path dir = tmp.resolve("out");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OutputDirectory.write("--out", dir, false, d -> {
          Files.writeString(d.resolve("summary.json"), "new");
          Files.createDirectories(dir);
          Files.writeString(dir.resolve("theirs"), "theirs");
        }));
    assertTrue(e.getMessage().contains("pass --overwrite"), e.getMessage());
    assertEquals("theirs", Files.readString(dir.resolve("theirs")));
    assertEquals(List.of("out"), siblings());
  }
}
