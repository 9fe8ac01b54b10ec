package io.github.ignitecassandratestbed.bridge;

import java.util.Arrays;

import org.apache.ignite.Ignition;
import org.apache.ignite.client.IgniteClient;
import org.apache.ignite.configuration.ClientConfiguration;

/**
 * Command line: {@code LoadCacheTool <host:port>[,<host:port>...] <cache> [<CQL SELECT>...]} runs
 * {@link LoadCacheTask} through the Java thin client and prints {@code loaded <cache> size=<n>}.
 * Exit code 1 with the error on stderr when it fails, 2 on a usage error.
 */
public final class LoadCacheTool {
    private LoadCacheTool() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: LoadCacheTool <host:port>[,<host:port>...] <cache> [<CQL SELECT>...]");
            System.exit(2);
        }
        ClientConfiguration cfg = new ClientConfiguration().setAddresses(args[0].split(","));
        String[] taskArg = Arrays.copyOfRange(args, 1, args.length);
        try (IgniteClient client = Ignition.startClient(cfg)) {
            Long size = client.compute().execute(LoadCacheTask.class.getName(), taskArg);
            System.out.println("loaded " + args[1] + " size=" + size);
        } catch (Exception e) {
            System.err.println("loadCache of " + args[1] + " failed: " + e);
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) System.err.println("  caused by: " + c);
            System.exit(1);
        }
    }
}
