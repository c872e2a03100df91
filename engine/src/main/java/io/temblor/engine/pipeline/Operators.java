package io.temblor.engine.pipeline;

import io.temblor.script.compile.CompiledQuery;
import io.temblor.script.error.CompileError;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.ValueDescriptor;
import io.temblor.script.value.Values;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The built-in operators ({@code define operator x from module::name with ... end}) and the factory that creates them
 * from a compiled query's operator node. Configuration is read once, when the pipeline is built; a missing or
 * malformed setting is a {@link CompileError} located at the {@code create}.
 */
final class Operators
{
    private Operators()
    {
    }

    static Operator create(final Pipeline pipeline, final CompiledQuery.Operator node)
    {
        final String kind = String.join("::", node.kind());
        final Config config = new Config(pipeline.context(), node);
        return switch (kind)
        {
            case "passthrough", "identity::passthrough" -> new Passthrough(node.name());
            case "debug::history" -> new History(pipeline, node.name(), config);
            case "generic::counter" -> new Counter(pipeline, node.name());
            case "generic::batch" -> new Batch(pipeline, node.name(), config);
            case "qos::roundrobin" -> new RoundRobin(pipeline, node.name(), config);
            case "qos::backpressure" -> new Backpressure(node.name(), config);
            case "qos::percentile" -> new Percentile(node.name(), config);
            case "grouper::bucket" -> new BucketOperator(pipeline, node.name());
            case "qos::token_bucket" -> new TokenBucketOperator(pipeline, node.name(), config);
            default -> throw new CompileError(node.span(), "Operator `" + kind + "` is not supported");
        };
    }

    /** Reads an operator's configuration record. */
    static final class Config
    {
        private final ValueContext ctx;
        private final CompiledQuery.Operator node;
        private final long[] t = new long[4];

        Config(final ValueContext ctx, final CompiledQuery.Operator node)
        {
            this.ctx = ctx;
            this.node = node;
        }

        boolean has(final String key)
        {
            return ctx.get(node.config()[0], key, t, 0);
        }

        long number(final String key, final long defaultValue)
        {
            if (!ctx.get(node.config()[0], key, t, 0))
            {
                return defaultValue;
            }
            return switch (Values.type(t[0]))
            {
                case ValueDescriptor.TYPE_INT, ValueDescriptor.TYPE_UINT -> t[1];
                case ValueDescriptor.TYPE_FLOAT -> (long)Values.doubleValue(t[1]);
                default -> throw new CompileError(node.span(), "Invalid operator configuration: `" + key +
                    "` must be a number");
            };
        }

        double decimal(final String key, final double defaultValue)
        {
            if (!ctx.get(node.config()[0], key, t, 0))
            {
                return defaultValue;
            }
            if (!Values.isNumber(t[0]))
            {
                throw new CompileError(node.span(), "Invalid operator configuration: `" + key + "` must be a number");
            }
            return Values.toDouble(t[0], t[1]);
        }

        long required(final String key)
        {
            if (!has(key))
            {
                throw new CompileError(node.span(), "Missing configuration for operator " + node.name() + ": `" + key +
                    "`");
            }
            return number(key, 0);
        }

        String text(final String key, final String defaultValue)
        {
            if (!ctx.get(node.config()[0], key, t, 0))
            {
                return defaultValue;
            }
            if (Values.type(t[0]) != ValueDescriptor.TYPE_STRING)
            {
                throw new CompileError(node.span(), "Invalid operator configuration: `" + key + "` must be a string");
            }
            return string(ctx, t[0]);
        }

        List<String> texts(final String key, final List<String> defaultValue)
        {
            if (!ctx.get(node.config()[0], key, t, 0))
            {
                return defaultValue;
            }
            if (Values.type(t[0]) != ValueDescriptor.TYPE_ARRAY)
            {
                throw new CompileError(node.span(), "Invalid operator configuration: `" + key + "` must be an array");
            }
            final List<String> out = new ArrayList<>();
            final long array = t[0];
            for (int i = 0; i < ctx.length(array); i++)
            {
                ctx.element(array, i, t, 2);
                out.add(string(ctx, t[2]));
            }
            return out;
        }

        long[] numbers(final String key, final long[] defaultValue)
        {
            if (!ctx.get(node.config()[0], key, t, 0))
            {
                return defaultValue;
            }
            final long array = t[0];
            final long[] out = new long[ctx.length(array)];
            for (int i = 0; i < out.length; i++)
            {
                ctx.element(array, i, t, 2);
                out[i] = t[3];
            }
            return out;
        }
    }

    static String string(final ValueContext ctx, final long handle)
    {
        final byte[] bytes = new byte[ctx.stringLength(handle)];
        ctx.stringBytes(handle, bytes, 0);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Passes events on unchanged: streams, inputs and {@code passthrough}. */
    static final class Passthrough extends Operator
    {
        Passthrough(final String name)
        {
            super(name);
        }

        @Override
        public void onEvent(final int port, final PipelineEvent event, final Emitter out)
        {
            out.emit(Pipeline.OUT, event);
        }
    }

    /**
     * {@code debug::history}: appends {@code "evt: <op>(<event id>)"} to the array {@code $[name]} (created if
     * missing), so tests can see the path an event took.
     */
    static final class History extends Operator
    {
        private final Pipeline pipeline;
        private final String op;
        private final String key;
        private final long[] t = new long[8];

        History(final Pipeline pipeline, final String name, final Config config)
        {
            super(name);
            this.pipeline = pipeline;
            this.op = config.text("op", "");
            this.key = config.text("name", "");
        }

        @Override
        public void onEvent(final int port, final PipelineEvent event, final Emitter out)
        {
            final ValueContext ctx = pipeline.context();
            final long[] s = t;
            ctx.newString("evt: " + op + "(0:0:" + event.id + ":" + event.id + ")", s, 4);
            long metaH = event.metaH;
            long metaB = event.metaB;
            if (Values.type(metaH) == ValueDescriptor.TYPE_RECORD)
            {
                ctx.newString(key, s, 6);
                if (ctx.get(metaH, key, s, 0) && Values.type(s[0]) == ValueDescriptor.TYPE_ARRAY)
                {
                    ctx.writable(s[0], s, 0);
                    ctx.push(s[0], s[4], s[5], s, 0);
                }
                else
                {
                    ctx.newArray(2, s, 0);
                    ctx.push(s[0], s[4], s[5], s, 0);
                }
                ctx.writable(metaH, s, 2);
                ctx.put(s[2], s[6], s[0], s[1], s, 2);
                metaH = s[2];
                metaB = s[3];
            }
            out.emit(Pipeline.OUT, event.valueH, event.valueB, metaH, metaB, event.ingestNs, event.id);
        }
    }

    /** {@code generic::counter}: emits {@code {"count": n, "event": event}} with a running count. */
    static final class Counter extends Operator
    {
        private final Pipeline pipeline;
        private final long countKey;
        private final long eventKey;
        private final long[] t = new long[4];
        private long count;

        Counter(final Pipeline pipeline, final String name)
        {
            super(name);
            this.pipeline = pipeline;
            pipeline.context().newConstantString("count", t, 0);
            countKey = t[0];
            pipeline.context().newConstantString("event", t, 0);
            eventKey = t[0];
        }

        @Override
        public void onEvent(final int port, final PipelineEvent event, final Emitter out)
        {
            final ValueContext ctx = pipeline.context();
            count++;
            ctx.newRecord(2, t, 0);
            ctx.put(t[0], countKey, Values.UINT, count, t, 0);
            ctx.put(t[0], eventKey, event.valueH, event.valueB, t, 0);
            out.emit(Pipeline.OUT, t[0], t[1], event.metaH, event.metaB, event.ingestNs, event.id);
        }
    }

    /** {@code generic::batch}: collects {@code count} events (default 1000) into one array event. */
    static final class Batch extends Operator implements AutoCloseable
    {
        private final Pipeline pipeline;
        private final int count;
        private final long timeoutNs;
        private final io.temblor.script.value.Arena store = new io.temblor.script.value.Arena(64 * 1024);
        private final long[] t = new long[4];
        private long batchH = Values.NULL;
        private long batchB;
        private long first;
        private int size;

        Batch(final Pipeline pipeline, final String name, final Config config)
        {
            super(name);
            this.pipeline = pipeline;
            this.count = (int)config.number("count", 1000);
            this.timeoutNs = config.has("timeout") ? config.number("timeout", 0) * 1_000_000L : -1;
        }

        @Override
        public void onEvent(final int port, final PipelineEvent event, final Emitter out)
        {
            final ValueContext ctx = pipeline.context();
            final io.temblor.script.value.Arena previous = ctx.swapState(store);
            try
            {
                if (size == 0)
                {
                    store.reset();
                    first = event.ingestNs;
                    ctx.newArray(count, t, 0);
                    ctx.copyTo(ValueDescriptor.STORE_STATE, t[0], t[1], t, 0);
                    batchH = t[0];
                    batchB = t[1];
                }
                ctx.copyTo(ValueDescriptor.STORE_STATE, event.valueH, event.valueB, t, 2);
                ctx.copy(batchH, batchB, t, 0);
                ctx.push(t[0], t[2], t[3], t, 0);
                ctx.copyTo(ValueDescriptor.STORE_STATE, t[0], t[1], t, 0);
                batchH = t[0];
                batchB = t[1];
                size++;
                if (size >= count || (timeoutNs >= 0 && event.ingestNs - first >= timeoutNs))
                {
                    ctx.copy(batchH, batchB, t, 0);
                    size = 0;
                    out.emit(Pipeline.OUT, t[0], t[1], event.metaH, event.metaB, event.ingestNs, event.id);
                }
            }
            finally
            {
                ctx.swapState(previous);
            }
        }

        @Override
        public void close()
        {
            store.close();
        }
    }

    /** {@code qos::roundrobin}: sends each event to the next open output of {@code outputs}. */
    static final class RoundRobin extends Operator
    {
        private final int[] outputs;
        private final boolean[] open;
        private int next;

        RoundRobin(final Pipeline pipeline, final String name, final Config config)
        {
            super(name);
            final List<String> names = config.texts("outputs", List.of("out"));
            outputs = new int[names.size()];
            open = new boolean[names.size()];
            for (int i = 0; i < outputs.length; i++)
            {
                outputs[i] = pipeline.portId(names.get(i));
                open[i] = true;
            }
        }

        @Override
        public void onEvent(final int port, final PipelineEvent event, final Emitter out)
        {
            final int n = outputs.length;
            for (int k = 0; k < n; k++)
            {
                final int id = (next + k) % n;
                if (open[id])
                {
                    next = id + 1;
                    out.emit(outputs[id], event);
                    return;
                }
            }
            out.emit(Pipeline.OVERFLOW, event);
        }

        /**
         * Opens or closes an output (what a circuit breaker insight for events sent there does).
         *
         * @param index the output's index in {@code outputs}.
         * @param isOpen whether it takes events.
         */
        void output(final int index, final boolean isOpen)
        {
            open[index] = isOpen;
        }
    }

    /**
     * {@code qos::backpressure}: after a failed or slow delivery (latency above {@code timeout} ms) it backs off by
     * the next of {@code steps} (ms); while backing off events go to {@code overflow} ({@code method = "discard"}) or
     * on, with a circuit breaker trigger upstream ({@code "pause"}).
     */
    static final class Backpressure extends Operator
    {
        private final long timeoutNs;
        private final long[] stepsNs;
        private final boolean pause;
        private long backoff;
        private long next;

        Backpressure(final String name, final Config config)
        {
            super(name);
            timeoutNs = config.required("timeout") * 1_000_000L;
            final long[] steps = config.numbers("steps", new long[] {50, 100, 250, 500, 1000, 5000, 10000});
            stepsNs = new long[steps.length];
            for (int i = 0; i < steps.length; i++)
            {
                stepsNs[i] = steps[i] * 1_000_000L;
            }
            pause = "pause".equals(config.text("method", "discard"));
        }

        @Override
        public void onEvent(final int port, final PipelineEvent event, final Emitter out)
        {
            if (next <= event.ingestNs)
            {
                next = event.ingestNs + backoff;
                out.emit(Pipeline.OUT, event);
            }
            else
            {
                out.emit(pause ? Pipeline.OUT : Pipeline.OVERFLOW, event);
            }
        }

        @Override
        public void onContraflow(final Insight insight)
        {
            final boolean before = backoff > 0;
            if (insight.kind == Insight.FAIL || insight.latencyNs > timeoutNs)
            {
                long b = 0;
                for (final long step : stepsNs)
                {
                    b = step;
                    if (b > backoff)
                    {
                        break;
                    }
                }
                backoff = b;
                next = insight.nowNs + b;
            }
            else if (insight.kind == Insight.ACK)
            {
                backoff = 0;
                next = 0;
            }
            final boolean after = backoff > 0;
            if (pause && !before && after)
            {
                insight.kind = Insight.TRIGGER;
            }
            else if (pause && before && !after)
            {
                insight.kind = Insight.RESTORE;
            }
            else if (insight.kind == Insight.TRIGGER)
            {
                insight.kind = Insight.NONE;
            }
        }

        long backoffNs()
        {
            return backoff;
        }
    }

    /**
     * {@code qos::percentile}: passes a share of events ({@code perc}, starting at 1.0) and sends the rest to
     * {@code overflow}; a failed or slow delivery lowers the share by {@code step_down} (default 0.05), a good one
     * raises it by {@code step_up} (default 0.001).
     */
    static final class Percentile extends Operator
    {
        private final long timeoutNs;
        private final double stepUp;
        private final double stepDown;
        private final SplittableRandom random = new SplittableRandom(0x5eed);
        private double perc = 1.0;

        Percentile(final String name, final Config config)
        {
            super(name);
            timeoutNs = config.required("timeout") * 1_000_000L;
            stepUp = config.decimal("step_up", 0.001);
            stepDown = config.decimal("step_down", 0.05);
        }

        @Override
        public void onEvent(final int port, final PipelineEvent event, final Emitter out)
        {
            out.emit(random.nextDouble() <= perc ? Pipeline.OUT : Pipeline.OVERFLOW, event);
        }

        @Override
        public void onContraflow(final Insight insight)
        {
            if (insight.kind == Insight.FAIL || insight.latencyNs > timeoutNs)
            {
                perc = Math.max(0.0, perc - stepDown);
            }
            else if (insight.kind == Insight.ACK)
            {
                perc = Math.min(1.0, perc + stepUp);
            }
        }

        double share()
        {
            return perc;
        }
    }
}
