import java.util.ArrayList;
import java.util.List;

import org.apache.ignite.Ignition;
import org.apache.ignite.client.ClientCache;
import org.apache.ignite.client.ClientTransaction;
import org.apache.ignite.client.IgniteClient;
import org.apache.ignite.configuration.ClientConfiguration;
import org.apache.ignite.transactions.TransactionConcurrency;
import org.apache.ignite.transactions.TransactionIsolation;

/**
 * Test driver: Ignite transactions through the Java thin client (the Node.js client has none).
 * Run as a single-file program: java -cp <ignite-core jars> TxDriver.java <host:port> <command>...
 * Each command is {@code <commit|rollback>:<CONCURRENCY>:<ISOLATION>:<cache>=<key>:<value>[,...]}
 * with long keys and String values; one output line per command: {@code ok} or
 * {@code error <message and causes>}.
 */
public class TxDriver {
    public static void main(String[] args) {
        try (IgniteClient client = Ignition.startClient(new ClientConfiguration().setAddresses(args[0]))) {
            for (int i = 1; i < args.length; i++) System.out.println(run(client, args[i]));
        }
    }

    private static String run(IgniteClient client, String command) {
        String[] parts = command.split(":", 4);
        boolean commit = parts[0].equals("commit");
        TransactionConcurrency concurrency = TransactionConcurrency.valueOf(parts[1]);
        TransactionIsolation isolation = TransactionIsolation.valueOf(parts[2]);
        try (ClientTransaction tx = client.transactions().txStart(concurrency, isolation)) {
            for (String put : parts[3].split(",")) {
                String[] kv = put.split("=", 2);
                String[] entry = kv[1].split(":", 2);
                ClientCache<Long, String> cache = client.cache(kv[0]);
                cache.put(Long.parseLong(entry[0]), entry[1]);
            }
            if (commit) tx.commit();
            else tx.rollback();
            return "ok";
        } catch (Exception e) {
            List<String> chain = new ArrayList<>();
            for (Throwable t = e; t != null; t = t.getCause()) chain.add(String.valueOf(t.getMessage()));
            return "error " + String.join(" <- ", chain).replace('\n', ' ');
        }
    }
}
