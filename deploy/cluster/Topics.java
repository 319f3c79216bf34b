import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the pipeline's topics on the local cluster and waits until every partition has all its
 * replicas in sync. One JVM for the whole job (up.sh runs it as a source-file program with the
 * broker class path) instead of one kafka-topics start per topic.
 *
 * <pre>java -cp KAFKA_CLASSPATH Topics.java BOOTSTRAP BROKERS PARTITIONS MIN_ISR TIMEOUT_S TOPIC...</pre>
 */
public final class Topics {
    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        int brokers = Integer.parseInt(args[1]);
        int partitions = Integer.parseInt(args[2]);
        String minIsr = args[3];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[4]));
        List<String> topics = List.of(args).subList(5, args.length);
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        try (Admin admin = Admin.create(p)) {
            // replication factor = all brokers: creation fails until every broker has registered
            while (admin.describeCluster().nodes().get().size() < brokers) {
                pause(deadline, "all " + brokers + " brokers to register");
            }
            List<NewTopic> create = new ArrayList<>();
            for (String t : topics) {
                create.add(new NewTopic(t, partitions, (short) brokers).configs(Map.of("min.insync.replicas", minIsr)));
            }
            try {
                admin.createTopics(create).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            while (!fullyReplicated(admin, topics, brokers)) {
                pause(deadline, "every partition of " + topics + " to have " + brokers + " in-sync replicas");
            }
        }
        System.out.println("topics ready: " + String.join(" ", topics));
    }

    private static boolean fullyReplicated(Admin admin, List<String> topics, int replicas) throws InterruptedException {
        try {
            for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get().values()) {
                if (d.partitions().stream().anyMatch(tp -> tp.leader() == null || tp.isr().size() < replicas)) {
                    return false;
                }
            }
            return true;
        } catch (ExecutionException e) {
            return false; // metadata not yet propagated: ask again
        }
    }

    private static void pause(long deadline, String what) throws InterruptedException {
        if (System.nanoTime() > deadline) {
            System.err.println("timed out waiting for " + what);
            System.exit(2);
        }
        Thread.sleep(500);
    }
}
