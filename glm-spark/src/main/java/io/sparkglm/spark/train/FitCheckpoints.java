package io.sparkglm.spark.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkglm.core.fit.FitSetup;
import io.sparkglm.core.solver.Checkpoints;
import io.sparkglm.core.solver.SolverState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A fit's checkpoints in a directory of any Hadoop file system (local, HDFS, S3A...): after every
 * {@code every}-th iteration (and at least once a minute) the solver's {@link SolverState} is written as
 * {@code checkpoint-<iteration>.json} (to a temporary name, then renamed, then the older ones deleted), so a driver
 * killed at any moment leaves at least one complete checkpoint once the first is written. Numbers are written in
 * Java's shortest round-trip form, so a resumed run continues from exactly the saved doubles.
 *
 * <p>Each file carries the fit's fingerprint (specification, solver, rows, weight sum, feature moments): resuming
 * another fit's checkpoint is an error, and so is starting a fresh fit over existing checkpoints (pass resume).
 */
final class FitCheckpoints implements Checkpoints {
  private static final Logger LOG = LogManager.getLogger("io.sparkglm.fit");
  private static final String PREFIX = "checkpoint-";
  private static final double MAX_SECONDS_BETWEEN = 60.0;

  private final FileSystem fs;
  private final Path dir;
  private final int every;
  private final boolean resume;
  private final String fingerprint;
  private final ObjectMapper mapper = new ObjectMapper();
  private long lastSave = System.nanoTime();
  private int lastIteration = -1;

  /** The checkpoints of one fit; fails early when {@code dir} has checkpoints and {@code resume} is false. */
  FitCheckpoints(Configuration hadoop, String dir, int every, boolean resume, String fingerprint) {
    if (every < 1) {
      throw new IllegalArgumentException("--checkpoint-every must be >= 1, got " + every);
    }
    try {
      this.dir = new Path(dir);
      this.fs = this.dir.getFileSystem(hadoop);
      this.every = every;
      this.resume = resume;
      this.fingerprint = fingerprint;
      if (!resume && latestFile().isPresent()) {
        throw new IllegalArgumentException("--checkpoint-dir " + dir + " already has a checkpoint: pass --resume "
            + "true to continue that fit, or choose an empty directory");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("--checkpoint-dir " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Fails when {@code dir} has checkpoints and {@code resume} is false (before any Spark work). */
  static void checkDirectory(Configuration hadoop, String dir, boolean resume) {
    new FitCheckpoints(hadoop, dir, 1, resume, "");
  }

  /** The fingerprint of a fit: what must be equal for a checkpoint to continue it. */
  static String fingerprint(FitSetup setup, String solver) {
    var spec = setup.spec();
    var stats = setup.stats();
    return String.format(Locale.ROOT, "%s|%s|%s|lambda=%s|alpha=%s|standardize=%s|intercept=%s|solver=%s|rows=%d|p=%d"
        + "|weightSum=%s|labelMean=%s|means=%08x|sds=%08x|factors=%08x|lower=%08x|upper=%08x", spec.family(),
        spec.link().linkName(),
        spec.family().variancePower(), spec.regParam(), spec.elasticNetParam(), spec.standardize(),
        spec.fitIntercept(), solver, stats.rows(), stats.numFeatures(), stats.weightSum(), stats.labelMean(),
        Arrays.hashCode(stats.mean()), Arrays.hashCode(stats.sd()), Arrays.hashCode(spec.penaltyFactors()),
        Arrays.hashCode(spec.lowerBounds()), Arrays.hashCode(spec.upperBounds()));
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public Optional<SolverState> resume(String solver) {
    if (!resume) {
      return Optional.empty();
    }
    try {
      Optional<Path> latest = latestFile();
      if (latest.isEmpty()) {
        LOG.info("resume: no checkpoint in {}: starting from the beginning", dir);
        return Optional.empty();
      }
      JsonNode root;
      try (InputStream in = fs.open(latest.get())) {
        root = mapper.readTree(in);
      } catch (com.fasterxml.jackson.core.JacksonException e) {
        throw new IllegalArgumentException("checkpoint " + latest.get() + " is not valid JSON: "
            + e.getOriginalMessage());
      }
      if (!fingerprint.equals(root.path("fingerprint").asText())) {
        throw new IllegalArgumentException("checkpoint " + latest.get() + " was saved by another fit (its data, "
            + "options or solver differ: " + root.path("fingerprint").asText() + "); choose another "
            + "--checkpoint-dir or drop --resume");
      }
      if (!solver.equals(root.path("solver").asText())) {
        throw new IllegalArgumentException("checkpoint " + latest.get() + " is of solver "
            + root.path("solver").asText() + ", not " + solver);
      }
      Map<String, double[]> vectors = new LinkedHashMap<>();
      root.path("vectors").fields().forEachRemaining(e -> {
        double[] v = new double[e.getValue().size()];
        for (int j = 0; j < v.length; j++) {
          v[j] = e.getValue().get(j).asDouble();
        }
        vectors.put(e.getKey(), v);
      });
      Map<String, Double> scalars = new LinkedHashMap<>();
      root.path("scalars").fields().forEachRemaining(e -> scalars.put(e.getKey(), e.getValue().asDouble()));
      SolverState state = new SolverState(solver, root.path("iteration").asInt(), vectors, scalars);
      lastIteration = state.iteration();
      LOG.info("resume: {} continues from iteration {} ({})", solver, state.iteration(), latest.get());
      return Optional.of(state);
    } catch (IOException e) {
      throw new UncheckedIOException("reading checkpoints in " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void offer(int iteration, Supplier<SolverState> state) {
    boolean due = iteration - lastIteration >= every
        || (System.nanoTime() - lastSave) * 1e-9 >= MAX_SECONDS_BETWEEN;
    if (due) {
      save(state.get());
    }
  }

  private void save(SolverState s) {
    ObjectNode root = mapper.createObjectNode();
    root.put("fingerprint", fingerprint);
    root.put("solver", s.solver());
    root.put("iteration", s.iteration());
    ObjectNode vectors = root.putObject("vectors");
    s.vectors().forEach((k, v) -> {
      var a = vectors.putArray(k);
      for (double x : v) {
        a.add(x);
      }
    });
    ObjectNode scalars = root.putObject("scalars");
    s.scalars().forEach(scalars::put);
    Path file = new Path(dir, PREFIX + s.iteration() + ".json");
    Path tmp = new Path(dir, "." + PREFIX + s.iteration() + ".json.tmp");
    try {
      fs.mkdirs(dir);
      try (OutputStream out = fs.create(tmp, true)) {
        mapper.writeValue(out, root);
      }
      fs.delete(file, false);
      if (!fs.rename(tmp, file)) {
        throw new IOException("could not rename " + tmp + " to " + file);
      }
      for (FileStatus st : fs.listStatus(dir)) {
        int it = iterationOf(st.getPath());
        if (it >= 0 && it < s.iteration()) {
          fs.delete(st.getPath(), false);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing checkpoint " + file + ": " + e.getMessage(), e);
    }
    lastIteration = s.iteration();
    lastSave = System.nanoTime();
    LOG.info("checkpoint: iteration {} saved to {}", s.iteration(), file);
  }

  private Optional<Path> latestFile() throws IOException {
    if (!fs.exists(dir)) {
      return Optional.empty();
    }
    Path best = null;
    int bestIt = -1;
    for (FileStatus st : fs.listStatus(dir)) {
      int it = iterationOf(st.getPath());
      if (it > bestIt) {
        bestIt = it;
        best = st.getPath();
      }
    }
    return Optional.ofNullable(best);
  }

  private static int iterationOf(Path p) {
    String name = p.getName();
    if (!name.startsWith(PREFIX) || !name.endsWith(".json")) {
      return -1;
    }
    try {
      return Integer.parseInt(name.substring(PREFIX.length(), name.length() - ".json".length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
