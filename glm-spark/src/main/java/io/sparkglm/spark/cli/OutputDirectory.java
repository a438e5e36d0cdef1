package io.sparkglm.spark.cli;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * An output directory of a command, with Spark's {@code SaveMode.ErrorIfExists} rule: an existing non-empty
 * directory is refused unless {@code --overwrite} is given (an empty one is replaced). {@link #check} runs before
 * Spark starts. The output is written into a temporary sibling ({@code DIR.sparkglm-tmp-<random>}, {@link #stage})
 * and renamed into place only when complete ({@link Staged#commit}); with {@code --overwrite} the old directory is
 * first moved aside ({@code DIR.sparkglm-old-<random>}), the new one renamed in, then the old one deleted. A run
 * killed before the commit leaves the old outputs (and a temporary sibling); one killed between the two renames
 * leaves no {@code DIR} and the old outputs in their aside name; never a half-written {@code DIR}. On failure the
 * temporary directory is deleted (and the old one put back if it had been moved aside).
 */
final class OutputDirectory {
  /** Moves a path (a seam for tests; the real one is {@link #move}). */
  interface Mover {
    void move(Path from, Path to) throws IOException;
  }

  private OutputDirectory() {
  }

  /**
   * Refuses {@code dir} when it exists and is not a directory, or is a non-empty directory and {@code overwrite}
   * is false. Touches no file.
   *
   * @param flag the option that named it, for the message ({@code --out})
   * @throws IllegalArgumentException one line naming the directory and what to do
   */
  static void check(String flag, Path dir, boolean overwrite) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IllegalArgumentException(flag + " " + dir + " exists and is not a directory; choose another "
          + "directory");
    }
    if (!overwrite && !isEmptyOrAbsent(dir)) {
      throw new IllegalArgumentException(flag + " " + dir + " exists and is not empty; pass --overwrite to replace "
          + "it or choose another directory");
    }
  }

  private static boolean isEmptyOrAbsent(Path dir) {
    if (!Files.isDirectory(dir)) {
      return true;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot list " + dir + ": " + e.getMessage());
    }
  }

  /**
   * Creates the empty temporary sibling of {@code dir} (and {@code dir}'s parents) to write the output into; close
   * the result to delete it unless it was committed.
   */
  static Staged stage(String flag, Path dir, boolean overwrite) throws IOException {
    check(flag, dir, overwrite);
    Path target = dir.toAbsolutePath().normalize();
    Path parent = target.getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempDirectory(parent, target.getFileName() + ".sparkglm-tmp-");
    return new Staged(flag, dir, target, tmp, overwrite);
  }

  /** Stages {@code dir}, lets {@code contents} write into the temporary directory, then commits. */
  static void write(String flag, Path dir, boolean overwrite, Contents contents) throws IOException {
    try (Staged s = stage(flag, dir, overwrite)) {
      contents.write(s.path());
      s.commit();
    }
  }

  /** Writes a command's output into a (temporary) directory. */
  interface Contents {
    void write(Path dir) throws IOException;
  }

  /** A temporary output directory, renamed into place by {@link #commit}; {@link #close} deletes it otherwise. */
  static final class Staged implements AutoCloseable {
    private final String flag;
    private final Path dir;
    private final Path target;
    private final Path tmp;
    private final boolean overwrite;
    private boolean committed;

    private Staged(String flag, Path dir, Path target, Path tmp, boolean overwrite) {
      this.flag = flag;
      this.dir = dir;
      this.target = target;
      this.tmp = tmp;
      this.overwrite = overwrite;
    }

    /** The temporary directory to write into (exists, empty at first). */
    Path path() {
      return tmp;
    }

    /** Renames the temporary directory into place (see the class comment). */
    void commit() throws IOException {
      commit(OutputDirectory::move);
    }

    /** {@link #commit()} with the moves done by {@code mover}. */
    void commit(Mover mover) throws IOException {
      if (committed) {
        throw new IllegalStateException(tmp + " is already committed");
      }
      check(flag, dir, overwrite);  // again: the directory may have been filled while the job ran
      Path aside = null;
      if (Files.exists(target)) {
        aside = target.resolveSibling(target.getFileName() + ".sparkglm-old-"
            + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1));
        mover.move(target, aside);
      }
      try {
        mover.move(tmp, target);
      } catch (IOException | RuntimeException e) {
        if (aside != null) {
          try {
            mover.move(aside, target);
          } catch (IOException | RuntimeException restore) {
            e.addSuppressed(restore);
          }
        }
        throw e;
      }
      committed = true;
      if (aside != null) {
        try {
          deleteRecursively(aside);
        } catch (IOException e) {
          org.apache.logging.log4j.LogManager.getLogger(OutputDirectory.class).warn("{} is in place; could not "
              + "delete the old outputs moved aside to {}: {}", target, aside, e.toString());
        }
      }
    }

    /** Deletes the temporary directory unless it was committed. */
    @Override
    public void close() throws IOException {
      if (!committed) {
        deleteRecursively(tmp);
      }
    }
  }

  /** {@code Files.move} with {@code ATOMIC_MOVE}, or a plain move where the file system cannot do it atomically. */
  static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
