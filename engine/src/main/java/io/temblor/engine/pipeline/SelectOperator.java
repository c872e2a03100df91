package io.temblor.engine.pipeline;

import io.temblor.offheap.ByteSink;
import io.temblor.script.aggr.Aggregate;
import io.temblor.script.aggr.AggregateFunction;
import io.temblor.script.aggr.Aggregates;
import io.temblor.script.compile.CompiledQuery;
import io.temblor.script.runtime.Env;
import io.temblor.script.runtime.Node;
import io.temblor.script.runtime.ScriptError;
import io.temblor.script.runtime.ScriptRunner;
import io.temblor.script.value.Arena;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.ValueDescriptor;
import io.temblor.script.value.ValueWriter;
import io.temblor.script.value.Values;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trickle {@code select} with Tremor's semantics: {@code where} filters the event; {@code group by} splits it into
 * groups (the {@code group} of an expression is its values followed by their JSON text); without windows the target is
 * evaluated per event and group, {@code having} filters the result; with windows, each group runs a chain of windows
 * (tilt frames) whose aggregates accumulate events, and a window that closes evaluates the target over its aggregates,
 * then hands them to the next window of the chain, which merges them.
 *
 * <p>Memory: expressions run in the pipeline's shared context through one {@link ScriptRunner}; a group keeps its
 * value in a small store of its own and its aggregates keep what they collect in theirs. Non-windowed selects without
 * {@code group by} allocate nothing per event; groups are created (and, once their windows are done, dropped) as
 * Tremor does, which allocates per new group.
 */
final class SelectOperator extends Operator
{
    private final Pipeline pipeline;
    private final CompiledQuery.Select select;
    private final ValueContext ctx;
    private final ScriptRunner runner;
    private final boolean windowed;
    private final long maxGroups;
    private final Map<GroupKey, Group> groups = new LinkedHashMap<>();
    private final ByteSink sink = new ByteSink(256);
    private final ValueWriter writer = new ValueWriter();
    private final long[] tmp = new long[16];
    private final long[] argRegs = new long[16];
    private final long[] result = new long[2];
    private final PipelineEvent tickEvent = new PipelineEvent();
    /** The groups of the current event: {@code rowCount} rows of {@code width} values (handle, bits pairs). */
    private long[] rows = new long[64];
    private long[] nextRows = new long[64];
    private int rowCount;
    private int width;
    private final GroupKey probe = new GroupKey();
    private byte[] keyBuffer = new byte[256];
    private final long nullGroupH;
    private final long nullGroupB;
    private final long[] windowNames;
    /** Closed groups kept for reuse (their stores and aggregates), up to {@link #POOLED_GROUPS}. */
    private final java.util.ArrayDeque<Group> pool = new java.util.ArrayDeque<>();
    private static final int POOLED_GROUPS = 1024;
    /** Aggregates of a select without windows: each event is a window of its own. */
    private final Aggregate[] single;

    SelectOperator(final Pipeline pipeline, final CompiledQuery.Select select)
    {
        super(select.name());
        this.pipeline = pipeline;
        this.select = select;
        this.ctx = pipeline.context();
        this.runner = new ScriptRunner(ctx);
        this.windowed = !select.windows().isEmpty();
        long max = Long.MAX_VALUE;
        for (final CompiledQuery.Window w : select.windows())
        {
            max = Math.min(max, w.maxGroups());
        }
        this.maxGroups = max;
        for (final CompiledQuery.Aggregate a : select.aggregates())
        {
            if (null == Aggregates.lookup(a.function()))
            {
                throw new io.temblor.script.error.CompileError(a.span(), "Unknown aggregate function aggr::" + a.function());
            }
        }
        // [null, "[null]"]: the group of a select without group by
        final long[] t = tmp;
        ctx.newArray(2, t, 0);
        ctx.push(t[0], Values.NULL, 0, t, 0);
        ctx.newConstantString("[null]", t, 2);
        ctx.push(t[0], t[2], t[3], t, 0);
        final long[] constant = new long[2];
        ctx.copyTo(ValueDescriptor.STORE_CONSTANT, t[0], t[1], constant, 0);
        nullGroupH = constant[0];
        nullGroupB = constant[1];
        if (!windowed && !select.aggregates().isEmpty())
        {
            single = new Aggregate[select.aggregates().size()];
            for (int i = 0; i < single.length; i++)
            {
                single[i] = Aggregates.lookup(select.aggregates().get(i).function()).create(select.aggregates().get(i).span());
            }
        }
        else
        {
            single = null;
        }
        windowNames = new long[select.windows().size() * 2];
        for (int i = 0; i < select.windows().size(); i++)
        {
            ctx.newConstantString(select.windows().get(i).name(), t, 0);
            windowNames[2 * i] = t[0];
            windowNames[2 * i + 1] = t[1];
        }
    }

    @Override
    public void onEvent(final int port, final PipelineEvent event, final Emitter out)
    {
        final Env env = runner.env();
        env.windowH = Values.NULL;
        env.windowB = 0;
        env.groupH = nullGroupH;
        env.groupB = nullGroupB;
        if (null != select.where() && !guard(select.where(), event.valueH, event.valueB, event))
        {
            return;
        }
        if (null == select.groupBy() && !windowed)
        {
            selectSingle(event, out);
            return;
        }
        rowCount = 1;
        width = 0;
        if (null != select.groupBy())
        {
            generate(select.groupBy(), event);
        }
        else
        {
            appendToRows(Values.NULL, 0);
        }
        for (int row = 0; row < rowCount; row++)
        {
            final long[] t = tmp;
            final int base = row * width * 2;
            ctx.newArray(width + 1, t, 0);
            for (int i = 0; i < width; i++)
            {
                ctx.push(t[0], rows[base + 2 * i], rows[base + 2 * i + 1], t, 0);
            }
            sink.reset();
            writer.write(ctx, t[0], t[1], sink);
            final int keyLength = (int)sink.position();
            if (keyLength > keyBuffer.length)
            {
                keyBuffer = new byte[Math.max(keyLength, 2 * keyBuffer.length)];
            }
            sink.copyTo(keyBuffer, 0);
            ctx.newString(keyBuffer, 0, keyLength, t, 2);
            ctx.push(t[0], t[2], t[3], t, 0);
            final long groupH = t[0];
            final long groupB = t[1];
            if (!windowed)
            {
                env.groupH = groupH;
                env.groupB = groupB;
                selectSingle(event, out);
                continue;
            }
            env.cardinality = groups.size();
            probe.of(keyBuffer, keyLength);
            final Group existing = groups.get(probe);
            if (null != existing)
            {
                if (existing.first.onEvent(existing, event, null, false, true, out))
                {
                    groups.remove(probe);
                    recycle(existing);
                }
            }
            else
            {
                final Group pooled = pool.poll();
                final Group fresh = null == pooled ? new Group() : pooled;
                fresh.value(groupH, groupB);
                if (!fresh.first.onEvent(fresh, event, null, false, true, out))
                {
                    if (groups.size() >= maxGroups)
                    {
                        throw new ScriptError(select.span(), "Maxmimum amount of groups reached (" + maxGroups +
                            "). Ignoring group [" + (maxGroups + 1) + "]");
                    }
                    groups.put(fresh.key.copyOf(keyBuffer, keyLength, probe.hashCode()), fresh);
                }
                else
                {
                    recycle(fresh);
                }
            }
        }
    }

    @Override
    public void onTick(final long nowNs, final Emitter out)
    {
        if (!windowed || groups.isEmpty())
        {
            return;
        }
        final Iterator<Map.Entry<GroupKey, Group>> it = groups.entrySet().iterator();
        final PipelineEvent empty = tickEvent;
        final long[] t = tmp;
        ctx.newRecord(1, t, 0);
        empty.set(Values.NULL, 0, t[0], t[1], nowNs, 0);
        while (it.hasNext())
        {
            final Group g = it.next().getValue();
            if (g.first.onTick(g, empty, out))
            {
                it.remove();
                recycle(g);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private long[] evaluate(final Node node, final long valueH, final long valueB, final PipelineEvent event)
    {
        final CompiledQuery.Select s = select;
        runner.env().ingestNs = event.ingestNs;
        final int outcome = runner.run(node, s.frameSize(), valueH, valueB, event.metaH, event.metaB, s.args()[0],
            s.args()[1]);
        if (outcome == ScriptRunner.ERROR)
        {
            throw runner.error();
        }
        final long[] r = result;
        r[0] = runner.valueHandle();
        r[1] = runner.valueBits();
        return r;
    }

    /** A select without windows: the event (and its group) alone, its aggregates over it. */
    private void selectSingle(final PipelineEvent event, final Emitter out)
    {
        if (null != single)
        {
            aggregateSingle(event);
        }
        emitTarget(event, out);
    }

    /** Evaluates the target (with group, window and aggregates set) and emits it by out when {@code having} holds. */
    private void emitTarget(final PipelineEvent event, final Emitter out)
    {
        final long[] r = evaluate(select.target(), event.valueH, event.valueB, event);
        final long h = r[0];
        final long b = r[1];
        if (null == select.having() || guard(select.having(), h, b, event))
        {
            out.emit(Pipeline.OUT, h, b, event.metaH, event.metaB, event.ingestNs, event.id);
        }
    }

    /** A select without windows treats each event as a window of its own: init, accumulate, emit. */
    private void aggregateSingle(final PipelineEvent event)
    {
        final Env env = runner.env();
        if (env.aggregates.length < 2 * single.length)
        {
            env.aggregates = new long[2 * single.length];
        }
        final List<CompiledQuery.Aggregate> calls = select.aggregates();
        for (int i = 0; i < single.length; i++)
        {
            final List<Node> args = calls.get(i).args();
            final long[] regs = argRegs;
            for (int a = 0; a < args.size(); a++)
            {
                final long[] v = evaluate(args.get(a), event.valueH, event.valueB, event);
                regs[2 * a] = v[0];
                regs[2 * a + 1] = v[1];
            }
            single[i].init();
            single[i].accumulate(ctx, regs, 0, args.size());
            single[i].emit(ctx, env.aggregates, 2 * i);
        }
    }

    private boolean guard(final Node guard, final long valueH, final long valueB, final PipelineEvent event)
    {
        final long[] r = evaluate(guard, valueH, valueB, event);
        if (Values.type(r[0]) != ValueDescriptor.TYPE_BOOL)
        {
            throw new ScriptError(select.span(), guard.span(), "Conflicting types, got " +
                Values.typeName(Values.type(r[0])) + " but expected bool", null);
        }
        return r[1] != 0;
    }

    private void generate(final CompiledQuery.GroupBy g, final PipelineEvent event)
    {
        switch (g.kind())
        {
            case "set" ->
            {
                for (final CompiledQuery.GroupBy item : g.items())
                {
                    generate(item, event);
                }
            }
            case "each" ->
            {
                final long[] v = evaluate(g.expr(), event.valueH, event.valueB, event);
                final long array = v[0];
                if (Values.type(array) != ValueDescriptor.TYPE_ARRAY)
                {
                    throw new ScriptError(select.span(), g.span(), "Conflicting types, got " +
                        Values.typeName(Values.type(array)) + " but expected array", null);
                }
                final int n = ctx.length(array);
                final int stride = (width + 1) * 2;
                ensureNext(rowCount * n * stride);
                final long[] t = tmp;
                int at = 0;
                for (int row = 0; row < rowCount; row++)
                {
                    for (int i = 0; i < n; i++)
                    {
                        System.arraycopy(rows, row * width * 2, nextRows, at, width * 2);
                        ctx.element(array, i, t, 0);
                        nextRows[at + width * 2] = t[0];
                        nextRows[at + width * 2 + 1] = t[1];
                        at += stride;
                    }
                }
                swapRows(rowCount * n);
            }
            default ->
            {
                final long[] v = evaluate(g.expr(), event.valueH, event.valueB, event);
                appendToRows(v[0], v[1]);
            }
        }
    }

    /** Adds one value to every row of the current event's groups. */
    private void appendToRows(final long h, final long b)
    {
        final int stride = (width + 1) * 2;
        ensureNext(rowCount * stride);
        for (int row = 0; row < rowCount; row++)
        {
            System.arraycopy(rows, row * width * 2, nextRows, row * stride, width * 2);
            nextRows[row * stride + width * 2] = h;
            nextRows[row * stride + width * 2 + 1] = b;
        }
        swapRows(rowCount);
    }

    private void ensureNext(final int longs)
    {
        if (nextRows.length < longs)
        {
            nextRows = new long[Math.max(longs, 2 * nextRows.length)];
        }
    }

    private void swapRows(final int newRowCount)
    {
        final long[] swap = rows;
        rows = nextRows;
        nextRows = swap;
        rowCount = newRowCount;
        width++;
    }

    /** A group's key: the JSON text of its values; a reused probe finds a group without allocating. */
    private static final class GroupKey
    {
        private byte[] bytes;
        private int length;
        private int hash;

        GroupKey of(final byte[] source, final int sourceLength)
        {
            bytes = source;
            length = sourceLength;
            int h = 1;
            for (int i = 0; i < sourceLength; i++)
            {
                h = 31 * h + source[i];
            }
            hash = h;
            return this;
        }

        /** Makes this key own a copy of the bytes (reusing its buffer when it is large enough). */
        GroupKey copyOf(final byte[] source, final int sourceLength, final int sourceHash)
        {
            if (null == bytes || bytes.length < sourceLength)
            {
                bytes = new byte[Math.max(sourceLength, 32)];
            }
            System.arraycopy(source, 0, bytes, 0, sourceLength);
            length = sourceLength;
            hash = sourceHash;
            return this;
        }

        @Override
        public int hashCode()
        {
            return hash;
        }

        @Override
        public boolean equals(final Object other)
        {
            return other instanceof GroupKey k && k.length == length && k.hash == hash &&
                Arrays.equals(bytes, 0, length, k.bytes, 0, k.length);
        }
    }

    /** Keeps a closed group for the next new one (its stores and aggregates are reused after a reset). */
    private void recycle(final Group group)
    {
        if (pool.size() < POOLED_GROUPS)
        {
            group.reset();
            pool.push(group);
        }
        else
        {
            group.close();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // groups and windows

    /** A group of a windowed select: its value (kept in its own store) and its chain of windows. */
    private final class Group implements AutoCloseable
    {
        final Arena store = new Arena(256);
        /** The group's key in the map (its own bytes; reused with the group). */
        final GroupKey key = new GroupKey();
        final GroupWindow first;
        long valueH;
        long valueB;

        Group()
        {
            GroupWindow next = null;
            for (int i = select.windows().size() - 1; i >= 0; i--)
            {
                next = new GroupWindow(i, select.windows().get(i), next);
            }
            first = next;
        }

        void value(final long h, final long b)
        {
            store.reset();
            final Arena previous = ctx.swapState(store);
            try
            {
                ctx.copyTo(ValueDescriptor.STORE_STATE, h, b, tmp, 0);
                valueH = tmp[0];
                valueB = tmp[1];
            }
            finally
            {
                ctx.swapState(previous);
            }
        }

        /** Copies the group's value into the event arena (for {@code group} in the target). */
        void load(final Env env)
        {
            final Arena previous = ctx.swapState(store);
            try
            {
                ctx.copy(valueH, valueB, tmp, 0);
                env.groupH = tmp[0];
                env.groupB = tmp[1];
            }
            finally
            {
                ctx.swapState(previous);
            }
        }

        void reset()
        {
            for (GroupWindow w = first; null != w; w = w.next)
            {
                w.reset();
                w.resetWindow();
            }
        }

        @Override
        public void close()
        {
            store.close();
            for (GroupWindow w = first; null != w; w = w.next)
            {
                w.close();
            }
        }
    }

    /** One window of a group's chain. */
    private final class GroupWindow implements AutoCloseable
    {
        final int index;
        final CompiledQuery.Window def;
        final GroupWindow next;
        final Aggregate[] aggregates;
        final ScriptRunner stateRunner;
        final SlidingWindow sliding;
        final int[] argsPerCall;
        final long[] slideArgs;
        boolean holdsData;
        long count;
        long nextWindow = -1;
        boolean include;
        boolean emit;

        GroupWindow(final int index, final CompiledQuery.Window def, final GroupWindow next)
        {
            this.index = index;
            this.def = def;
            this.next = next;
            final List<CompiledQuery.Aggregate> calls = select.aggregates();
            aggregates = new Aggregate[calls.size()];
            for (int i = 0; i < aggregates.length; i++)
            {
                final AggregateFunction fn = Aggregates.lookup(calls.get(i).function());
                aggregates[i] = fn.create(calls.get(i).span());
                aggregates[i].init();
            }
            stateRunner = null == def.state() ? null : new ScriptRunner(ctx);
            argsPerCall = new int[aggregates.length];
            int total = 0;
            for (int i = 0; i < aggregates.length; i++)
            {
                argsPerCall[i] = calls.get(i).args().size();
                total += argsPerCall[i];
            }
            slideArgs = new long[2 * Math.max(1, total)];
            sliding = "sliding".equals(def.kind()) ? new SlidingWindow(def.size(), def.intervalNs(), total) : null;
            resetWindow();
        }

        void reset()
        {
            for (final Aggregate a : aggregates)
            {
                a.init();
            }
            holdsData = false;
        }

        void resetWindow()
        {
            count = 0;
            nextWindow = -1;
            if (null != stateRunner)
            {
                stateRunner.state(def.state()[0], def.state()[1]);
            }
        }

        /** Decides include/emit for an event (Tremor's window implementations). */
        void decide(final PipelineEvent event)
        {
            if (null != stateRunner)
            {
                final int outcome = stateRunner.run(def.script(), def.scriptFrame(), event.valueH, event.valueB,
                    event.metaH, event.metaB, Values.NULL, 0);
                stateDecision(outcome, def.script());
                return;
            }
            if (def.size() >= 0)
            {
                long weight = 1;
                if (null != def.script())
                {
                    weight = scriptNumber(event);
                }
                final long total = count + weight;
                if (total >= def.size())
                {
                    count = total - def.size();
                    include = true;
                    emit = true;
                }
                else
                {
                    count = total;
                    include = false;
                    emit = false;
                }
                return;
            }
            final long time = null == def.script() ? event.ingestNs : scriptNumber(event);
            timeDecision(time);
        }

        private void timeDecision(final long time)
        {
            if (nextWindow < 0)
            {
                nextWindow = time + def.intervalNs();
                include = false;
                emit = false;
            }
            else if (nextWindow <= time)
            {
                nextWindow = time + def.intervalNs();
                include = false;
                emit = true;
            }
            else
            {
                include = false;
                emit = false;
            }
        }

        private long scriptNumber(final PipelineEvent event)
        {
            final int outcome = runner.run(def.script(), def.scriptFrame(), event.valueH, event.valueB, event.metaH,
                event.metaB, Values.NULL, 0);
            if (outcome == ScriptRunner.ERROR)
            {
                throw runner.error();
            }
            final long h = outcome == ScriptRunner.DROP ? Values.NULL : runner.valueHandle();
            final int type = Values.type(h);
            if ((type == ValueDescriptor.TYPE_INT && runner.valueBits() >= 0) || type == ValueDescriptor.TYPE_UINT)
            {
                return runner.valueBits();
            }
            throw new ScriptError(def.span(), "Data based window didn't provide a valid value");
        }

        private void stateDecision(final int outcome, final Node script)
        {
            if (outcome == ScriptRunner.ERROR)
            {
                throw stateRunner.error();
            }
            if (outcome == ScriptRunner.DROP)
            {
                throw new ScriptError(script.span(), "State based window didn't provide a boolean return");
            }
            final long h = stateRunner.valueHandle();
            final long b = stateRunner.valueBits();
            if (Values.type(h) == ValueDescriptor.TYPE_BOOL)
            {
                emit = b != 0;
                include = b != 0;
                return;
            }
            if (Values.type(h) == ValueDescriptor.TYPE_ARRAY && ctx.length(h) == 2)
            {
                final long[] t = tmp;
                ctx.element(h, 0, t, 0);
                ctx.element(h, 1, t, 2);
                if (Values.type(t[0]) == ValueDescriptor.TYPE_BOOL && Values.type(t[2]) == ValueDescriptor.TYPE_BOOL)
                {
                    emit = t[1] != 0;
                    include = t[3] != 0;
                    return;
                }
            }
            if (Values.type(h) == ValueDescriptor.TYPE_ARRAY)
            {
                throw new ScriptError(script.span(), "An array as return value needs to be a two-element array of " +
                    "booleans with the form `[emit, include]`");
            }
            sink.reset();
            writer.write(ctx, h, b, sink);
            throw new ScriptError(script.span(), "Window returned `" +
                new String(sink.toByteArray(), StandardCharsets.UTF_8) + "` this can't be used as a window reply");
        }

        void accumulate(final PipelineEvent event)
        {
            holdsData = true;
            final List<CompiledQuery.Aggregate> calls = select.aggregates();
            final Env env = runner.env();
            env.windowH = windowNames[2 * index];
            env.windowB = windowNames[2 * index + 1];
            for (int i = 0; i < aggregates.length; i++)
            {
                final List<Node> args = calls.get(i).args();
                final long[] regs = argRegs;
                for (int a = 0; a < args.size(); a++)
                {
                    final long[] v = evaluate(args.get(a), event.valueH, event.valueB, event);
                    regs[2 * a] = v[0];
                    regs[2 * a + 1] = v[1];
                }
                aggregates[i].accumulate(ctx, regs, 0, args.size());
            }
        }

        void merge(final GroupWindow previous)
        {
            holdsData = true;
            for (int i = 0; i < aggregates.length; i++)
            {
                aggregates[i].merge(previous.aggregates[i]);
            }
        }

        /**
         * Tremor's {@code GroupWindow::on_event}: the event (or the previous window's aggregates) enters this window.
         *
         * @return whether the group may be removed.
         */
        boolean onEvent(final Group group, final PipelineEvent event, final GroupWindow previous,
            final boolean previousHadData, final boolean canRemoveIn, final Emitter out)
        {
            if (null != sliding)
            {
                slide(group, event, out);
                return false;
            }
            boolean canRemove = canRemoveIn;
            decide(event);
            final boolean inc = include;
            final boolean em = emit;
            if (inc)
            {
                take(event, previous, previousHadData);
            }
            if (em)
            {
                emitWindow(group, event, out);
                if (null != next)
                {
                    canRemove = canRemove && next.onEvent(group, event, this, holdsData, canRemove, out);
                }
                reset();
            }
            if (inc)
            {
                return canRemove;
            }
            take(event, previous, previousHadData);
            return false;
        }

        /** A sliding window: the event enters, what is too old leaves, the window emits its aggregates. */
        private void slide(final Group group, final PipelineEvent event, final Emitter out)
        {
            final long time = def.intervalNs() >= 0 && null != def.script() ? scriptNumber(event) : event.ingestNs;
            final List<CompiledQuery.Aggregate> calls = select.aggregates();
            final Env env = runner.env();
            env.windowH = windowNames[2 * index];
            env.windowB = windowNames[2 * index + 1];
            int at = 0;
            for (final CompiledQuery.Aggregate call : calls)
            {
                for (final Node arg : call.args())
                {
                    final long[] v = evaluate(arg, event.valueH, event.valueB, event);
                    slideArgs[at++] = v[0];
                    slideArgs[at++] = v[1];
                }
            }
            sliding.add(ctx, time, slideArgs);
            sliding.aggregate(ctx, aggregates, argsPerCall, argRegs);
            holdsData = true;
            emitWindow(group, event, out);
        }

        /** A tick: only time windows without a script and state windows with a tick script react. */
        boolean onTick(final Group group, final PipelineEvent event, final Emitter out)
        {
            if (null != stateRunner)
            {
                if (null == def.tickScript())
                {
                    return false;
                }
                final int outcome = stateRunner.run(def.tickScript(), def.tickFrame(), Values.NULL, 0, event.metaH,
                    event.metaB, Values.NULL, 0);
                stateDecision(outcome, def.tickScript());
            }
            else if (def.intervalNs() >= 0 && null == def.script())
            {
                timeDecision(event.ingestNs);
            }
            else
            {
                return false;
            }
            boolean canRemove = emit;
            if (emit)
            {
                if (holdsData || def.emitEmptyWindows())
                {
                    emitWindow(group, event, out);
                }
                if (null != next)
                {
                    canRemove = next.onEvent(group, event, this, holdsData, canRemove, out);
                }
                reset();
            }
            return canRemove;
        }

        private void take(final PipelineEvent event, final GroupWindow previous, final boolean previousHadData)
        {
            if (null != previous)
            {
                if (previousHadData)
                {
                    merge(previous);
                }
            }
            else
            {
                accumulate(event);
            }
        }

        private void emitWindow(final Group group, final PipelineEvent event, final Emitter out)
        {
            if (!holdsData && !def.emitEmptyWindows())
            {
                return;
            }
            final Env env = runner.env();
            if (env.aggregates.length < 2 * aggregates.length)
            {
                env.aggregates = new long[2 * aggregates.length];
            }
            for (int i = 0; i < aggregates.length; i++)
            {
                aggregates[i].emit(ctx, env.aggregates, 2 * i);
            }
            env.windowH = windowNames[2 * index];
            env.windowB = windowNames[2 * index + 1];
            group.load(env);
            emitTarget(event, out);
        }

        @Override
        public void close()
        {
            if (null != stateRunner)
            {
                stateRunner.close();
            }
            if (null != sliding)
            {
                sliding.close();
            }
            for (final Aggregate a : aggregates)
            {
                if (a instanceof AutoCloseable c)
                {
                    try
                    {
                        c.close();
                    }
                    catch (final Exception ex)
                    {
                        // memory only
                    }
                }
            }
        }
    }
}
