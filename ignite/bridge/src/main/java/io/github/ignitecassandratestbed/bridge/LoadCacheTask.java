package io.github.ignitecassandratestbed.bridge;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.IgniteException;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.compute.ComputeJob;
import org.apache.ignite.compute.ComputeJobAdapter;
import org.apache.ignite.compute.ComputeJobResult;
import org.apache.ignite.compute.ComputeTaskAdapter;
import org.apache.ignite.resources.IgniteInstanceResource;

/**
 * Runs {@code IgniteCache.loadCache} for a thin client (thin clients have no loadCache of their
 * own): the argument is the cache name followed by optional CQL SELECT statements; the result is
 * the cache's size afterwards. Executed by name, e.g. from {@link LoadCacheTool}.
 */
public class LoadCacheTask extends ComputeTaskAdapter<String[], Long> {
    private static final long serialVersionUID = 1L;

    @Override public Map<? extends ComputeJob, ClusterNode> map(List<ClusterNode> subgrid, String[] arg) {
        if (arg == null || arg.length == 0 || arg[0] == null) {
            throw new IgniteException("LoadCacheTask needs the cache name (then optional CQL SELECT statements)");
        }
        // One job anywhere: loadCache itself fans out to every node holding the cache.
        return Map.of(new Job(arg), subgrid.get(0));
    }

    @Override public Long reduce(List<ComputeJobResult> results) {
        return results.get(0).getData();
    }

    private static final class Job extends ComputeJobAdapter {
        private static final long serialVersionUID = 1L;

        private final String[] arg;

        @IgniteInstanceResource
        private transient Ignite ignite;

        Job(String[] arg) {
            this.arg = arg;
        }

        @Override public Long execute() {
            IgniteCache<Object, Object> cache = ignite.cache(arg[0]);
            if (cache == null) throw new IgniteException("no cache named " + arg[0]);
            Object[] queries = Arrays.copyOfRange(arg, 1, arg.length);
            cache.loadCache(null, queries);
            return cache.sizeLong();
        }
    }
}
