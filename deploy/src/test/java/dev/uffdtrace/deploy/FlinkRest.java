package dev.uffdtrace.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The few reads of Flink's REST API the cluster test makes. */
final class FlinkRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private FlinkRest() {
    }

    /** Ids of the finding counters (metric group "uffdtrace") of the job's "finding metrics" operator. */
    static List<String> findingCounters(String url, String jobId) throws IOException, InterruptedException {
        String vertex = null;
        for (JsonNode v : get(url + "/jobs/" + jobId).path("vertices")) {
            if (v.path("name").asText().contains("finding metrics")) {
                vertex = v.path("id").asText();
            }
        }
        if (vertex == null) {
            throw new IllegalStateException("job " + jobId + " has no 'finding metrics' operator");
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode m : get(url + "/jobs/" + jobId + "/vertices/" + vertex + "/metrics")) {
            String id = m.path("id").asText();
            if (id.contains(".uffdtrace.")) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** Ids of the JobManager's own metrics. */
    static List<String> jobManagerMetrics(String url) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        get(url + "/jobmanager/metrics").forEach(m -> ids.add(m.path("id").asText()));
        return ids;
    }

    static JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + url + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }
}
