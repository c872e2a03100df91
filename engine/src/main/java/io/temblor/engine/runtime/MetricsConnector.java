package io.temblor.engine.runtime;

import io.temblor.offheap.EventRing;
import org.agrona.concurrent.EpochNanoClock;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;

/**
 * Tremor's {@code metrics} connector. As a source it emits, for every connector with a {@code metrics_interval_s}
 * (in its {@code with} block) and every pipeline with {@code #!config metrics_interval_s}, the counts of their ports
 * every interval (the first right away), in Tremor's format ({@link RuntimeMetrics#connectorEvents},
 * {@link RuntimeMetrics#pipelineEvents}): {@code {"measurement": ..., "tags": {...}, "fields": {"count": n},
 * "timestamp": ns}}. As a sink it takes events of that shape and hands them to every metrics source of the runtime;
 * an event of another shape is counted as a failure with its reason.
 */
final class MetricsConnector
{
    private MetricsConnector()
    {
    }

    /**
     * Builds the connector: a source when its {@code out} port is connected, a sink when its {@code in} port is.
     *
     * @param ctx the connector's context.
     */
    static void build(final ConnectorContext ctx)
    {
        final RuntimeMetrics metrics = ctx.runtime().metrics();
        if (ctx.out("out").length > 0)
        {
            metrics.metricsSource(ctx.source(new Source(ctx.name(), ctx.out("out"), metrics, ctx.clock(),
                ctx.epochClock())));
        }
        if (ctx.in().length > 0)
        {
            ctx.agent(new Sink(ctx.name(), ctx.in(), metrics));
        }
    }

    /** Emits the metrics events of the runtime's reporting connectors and pipelines. */
    static final class Source extends Connectors.Source
    {
        private final RuntimeMetrics metrics;
        private final LongSupplier clock;
        private final EpochNanoClock epochClock;
        private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
        private final ConcurrentLinkedQueue<byte[]> forwarded = new ConcurrentLinkedQueue<>();
        private long[] nextConnectorNs;
        private long[] nextPipelineNs;
        private long id;

        Source(final String name, final EventRing[] out, final RuntimeMetrics metrics, final LongSupplier clock,
            final EpochNanoClock epochClock)
        {
            super(name, out);
            this.metrics = metrics;
            this.clock = clock;
            this.epochClock = epochClock;
        }

        /** Queues an event a metrics sink took (any thread). */
        void forward(final byte[] event)
        {
            forwarded.add(event);
        }

        @Override
        public int doWork()
        {
            if (!flushHeld() || stopped)
            {
                return 0;
            }
            final long now = clock.getAsLong();
            if (pending.isEmpty())
            {
                collect(now);
            }
            int work = 0;
            while (!pending.isEmpty() && flushHeld())
            {
                final byte[] event = pending.poll();
                send(event, event.length, now, id++);
                work++;
            }
            return work;
        }

        private void collect(final long now)
        {
            final List<RuntimeMetrics.ConnectorEntry> connectors = metrics.connectors();
            final List<RuntimeMetrics.PipelineEntry> pipelines = metrics.pipelines();
            if (null == nextConnectorNs)
            {
                nextConnectorNs = new long[connectors.size()];
                nextPipelineNs = new long[pipelines.size()];
                java.util.Arrays.fill(nextConnectorNs, now);
                java.util.Arrays.fill(nextPipelineNs, now);
            }
            long timestamp = -1;
            for (int i = 0; i < nextConnectorNs.length; i++)
            {
                final RuntimeMetrics.ConnectorEntry c = connectors.get(i);
                if (c.metricsIntervalNs() > 0 && now >= nextConnectorNs[i])
                {
                    nextConnectorNs[i] = now + c.metricsIntervalNs();
                    timestamp = timestamp < 0 ? epochClock.nanoTime() : timestamp;
                    RuntimeMetrics.connectorEvents(c, timestamp, this::queue);
                }
            }
            for (int i = 0; i < nextPipelineNs.length; i++)
            {
                final RuntimeMetrics.PipelineEntry p = pipelines.get(i);
                if (p.metricsIntervalNs() > 0 && now >= nextPipelineNs[i])
                {
                    nextPipelineNs[i] = now + p.metricsIntervalNs();
                    timestamp = timestamp < 0 ? epochClock.nanoTime() : timestamp;
                    RuntimeMetrics.pipelineEvents(p, timestamp, this::queue);
                }
            }
            byte[] event;
            while (null != (event = forwarded.poll()))
            {
                pending.add(event);
            }
        }

        private void queue(final String event)
        {
            pending.add(event.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Takes metrics events and hands them to every metrics source. */
    static final class Sink extends Connectors.Sink
    {
        private final RuntimeMetrics metrics;
        private volatile long failed;
        private volatile String lastFailure;

        Sink(final String name, final EventRing[] in, final RuntimeMetrics metrics)
        {
            super(name, in);
            this.metrics = metrics;
        }

        @Override
        public void onFrame(final int type, final long ingestNs, final long id, final MemorySegment memory,
            final long offset, final int length)
        {
            final byte[] bytes = new byte[length];
            MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, offset, bytes, 0, length);
            final Object event = JsonConfig.parse(new String(bytes, StandardCharsets.UTF_8));
            if (!(event instanceof Map<?, ?> m) || !(m.get("measurement") instanceof String) ||
                !(m.get("tags") instanceof Map) || !(m.get("fields") instanceof Map) ||
                !(m.get("timestamp") instanceof Long))
            {
                lastFailure = "invalid metrics data: a record with `measurement` (string), `tags` and `fields` " +
                    "(records) and `timestamp` (integer) is expected";
                failed++;
                return;
            }
            for (final Source source : metrics.metricsSources())
            {
                source.forward(bytes);
            }
        }

        /** @return events that were not metrics events. */
        long failed()
        {
            return failed;
        }

        /** @return the reason of the last failure, or null. */
        String lastFailure()
        {
            return lastFailure;
        }
    }
}
