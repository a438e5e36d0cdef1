package io.sparkglm.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standalone cluster of {@code scripts/cluster}, seen from a test: started and stopped through the script
 * (so the script is what is tested), inspected through the Master's and Workers' web UI JSON and the process
 * tree of the Worker JVMs whose pids the script wrote.
 */
final class LoopbackCluster {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern WORKER_PORT = Pattern.compile("Starting Spark worker 127\\.0\\.0\\.1:(\\d+)");
  private final Path root;
  private final Path dir;
  private final Map<String, String> env;
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private String masterUrl;

  /** An executor JVM: which app and executor id the Worker says it runs, and its process. */
  record Executor(String appId, String executorId, ProcessHandle process) {
  }

  LoopbackCluster(Path root, Path dir, Map<String, String> env) {
    this.root = root;
    this.dir = dir;
    this.env = env;
  }

  /** {@code scripts/cluster start}; returns the master URL it printed last. */
  String start() throws IOException, InterruptedException {
    String out = ScriptRun.run(root, env, dir.resolve("start.out"), "cluster", List.of("start"));
    List<String> urls = out.lines().filter(l -> l.startsWith("spark://")).toList();
    if (urls.isEmpty()) {
      throw new AssertionError("scripts/cluster start printed no master URL:\n" + out);
    }
    masterUrl = urls.get(urls.size() - 1);
    return masterUrl;
  }

  /** {@code scripts/cluster status}'s output. */
  String status() throws IOException, InterruptedException {
    return ScriptRun.run(root, env, dir.resolve("status.out"), "cluster", List.of("status"));
  }

  /** {@code scripts/cluster stop}. */
  void stop() throws IOException, InterruptedException {
    ScriptRun.run(root, env, dir.resolve("stop.out"), "cluster", List.of("stop"));
  }

  /** Live processes whose command line mentions the cluster's folder (daemons, executors); none after stop. */
  List<ProcessHandle> processes() {
    String marker = dir.toString();
    return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains(marker))
        .orElse(false)).toList();
  }

  /** The Master's state ({@code /json/} of its web UI). */
  JsonNode master() throws IOException, InterruptedException {
    return getJson(Files.readString(dir.resolve("run/master-webui")).strip());
  }

  /** The id of the application the Master started last among those it is running. */
  String newestActiveApp() throws IOException, InterruptedException {
    JsonNode newest = null;
    for (JsonNode a : master().path("activeapps")) {
      if (newest == null || a.path("starttime").asLong() > newest.path("starttime").asLong()) {
        newest = a;
      }
    }
    if (newest == null) {
      throw new AssertionError("the master runs no application");
    }
    return newest.path("id").asText();
  }

  /**
   * The executors Worker {@code n} (1-based, as in the script's pid files) runs for {@code appId}, with their
   * JVMs: the Worker's JSON names (app, executor id); the Worker's child process whose command line carries
   * {@code --executor-id ID ... --app-id APP} is that executor.
   */
  List<Executor> executors(int n, String appId) throws IOException, InterruptedException {
    long workerPid = Long.parseLong(Files.readString(dir.resolve("run/worker-" + n + ".pid")).strip());
    Matcher m = WORKER_PORT.matcher(Files.readString(dir.resolve("logs/worker-" + n + ".log")));
    if (!m.find()) {
      throw new AssertionError("worker-" + n + "'s log does not say its port yet");
    }
    int port = Integer.parseInt(m.group(1));
    JsonNode worker = null;
    for (JsonNode w : master().path("workers")) {
      if (w.path("state").asText().equals("ALIVE") && w.path("port").asInt() == port) {
        worker = getJson(w.path("webuiaddress").asText());
      }
    }
    if (worker == null) {
      throw new AssertionError("worker-" + n + " (pid " + workerPid + ", port " + port + ") is not ALIVE");
    }
    List<Executor> out = new ArrayList<>();
    ProcessHandle workerProcess = ProcessHandle.of(workerPid).orElseThrow();
    for (JsonNode e : worker.path("executors")) {
      if (!e.path("appid").asText().equals(appId)) {
        continue;
      }
      String id = e.path("id").asText();
      Optional<ProcessHandle> jvm = workerProcess.children().filter(c -> c.info().commandLine()
          .map(cmd -> cmd.contains("CoarseGrainedExecutorBackend") && cmd.contains("--executor-id " + id + " ")
              && cmd.contains("--app-id " + appId)).orElse(false)).findFirst();
      jvm.ifPresent(p -> out.add(new Executor(appId, id, p)));
    }
    return out;
  }

  /** Executor directories of {@code appId} under every Worker's work dir (one per executor ever launched). */
  List<Path> executorDirs(String appId) throws IOException {
    List<Path> out = new ArrayList<>();
    try (var workers = Files.list(dir.resolve("work"))) {
      for (Path w : workers.toList()) {
        Path app = w.resolve(appId);
        if (Files.isDirectory(app)) {
          try (var execs = Files.list(app)) {
            out.addAll(execs.toList());
          }
        }
      }
    }
    return out;
  }

  private JsonNode getJson(String base) throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/json/")).timeout(Duration.ofSeconds(20)).build();
    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + req.uri() + " -> " + r.statusCode());
    }
    return JSON.readTree(r.body());
  }
}
