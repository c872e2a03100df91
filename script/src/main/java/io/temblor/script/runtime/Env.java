package io.temblor.script.runtime;

import io.temblor.script.value.ValueContext;
import io.temblor.script.value.Values;

import java.util.Arrays;

/**
 * The mutable runtime state of one script instance: the value context, the register file (frames of (handle, bits)
 * pairs; the running function's frame starts at {@link #base}) and the roots {@code event}, {@code $}, {@code state},
 * {@code args}. Not thread safe: the thread that runs the instance owns it.
 */
public final class Env
{
    /** Handle of a local that was never assigned (reading it is a runtime error). */
    public static final long UNSET = -1L;
    /** Default recursion limit of {@code recur}, as Tremor's. */
    public static final int DEFAULT_RECURSION_LIMIT = 1024;

    /** The value operations. */
    public final ValueContext ctx;
    /** The registers. */
    public long[] regs = new long[256];
    /** Start of the running frame. */
    public int base;
    /** {@code event}. */
    public long eventH;
    /** {@code event} bits. */
    public long eventB;
    /** {@code $}. */
    public long metaH;
    /** {@code $} bits. */
    public long metaB;
    /** {@code state}. */
    public long stateH;
    /** {@code state} bits. */
    public long stateB;
    /** {@code args}. */
    public long argsH;
    /** {@code args} bits. */
    public long argsB;
    /** {@code group} in a select: the group's values and its key text. */
    public long groupH = Values.NULL;
    /** {@code group} bits. */
    public long groupB;
    /** {@code window} in a select: the emitting window's name, or null. */
    public long windowH = Values.NULL;
    /** {@code window} bits. */
    public long windowB;
    /** The event's ingest time in ns for {@code system::ingest_ns}, or -1 for the wall clock (plain scripts). */
    public long ingestNs = -1;
    /** Groups of the select the expression runs in, for {@code win::cardinality}. */
    public long cardinality;
    /** Results of a select's aggregate calls (handle, bits pairs by call index), set before its target runs. */
    public long[] aggregates = new long[0];
    /** Set by {@code recur}: the running function starts again with new arguments. */
    public boolean recur;
    /** Port of the last emit, null for the default port. */
    public String port;
    /** Depth of nested calls. */
    public int depth;
    /** Origin URI of the current event (scheme, host, port or -1, path segments), for {@code tremor::origin}. */
    public String originScheme;
    /** Origin host. */
    public String originHost;
    /** Origin port, -1 for none. */
    public int originPort = -1;
    /** Origin path segments. */
    public String[] originPath;
    /** Message of the last failed builtin. */
    public String failure;
    /** The arity a builtin's failure names when it is not the argument count, or -1. */
    public int failureArity = -1;
    /** Limit of {@code recur} iterations. */
    public int recursionLimit = DEFAULT_RECURSION_LIMIT;

    /** Scratch registers for operations that need temporaries outside the frames (a stack, see {@link #scratch}). */
    public long[] tmp = new long[256];
    private int tmpTop;
    private long[] keys = new long[16];
    /** Scratch positions for extractors (see {@link #marks(int)}). */
    public int[] marks = new int[64];
    private byte[] text = new byte[256];
    /** Scratch bytes of binary literals under construction (a stack: nested literals build above their parent). */
    byte[] bytes = new byte[256];
    /** Used bytes of {@link #bytes}. */
    int bytesTop;
    /** Bits of the partial byte of the binary literal under construction. */
    int bitBuf;
    /** Count of those bits. */
    int bitPending;

    /**
     * A runtime state.
     *
     * @param ctx the value context it uses.
     */
    public Env(final ValueContext ctx)
    {
        this.ctx = ctx;
    }

    /**
     * Makes room for a frame and marks its registers unset.
     *
     * @param frameBase first register.
     * @param size registers.
     */
    public void enterFrame(final int frameBase, final int size)
    {
        if (frameBase + size > regs.length)
        {
            regs = Arrays.copyOf(regs, Math.max(regs.length * 2, frameBase + size + 64));
        }
        Arrays.fill(regs, frameBase, frameBase + size, UNSET);
    }

    /**
     * Reserves scratch registers in {@link #tmp}; give them back with {@link #release(int)} (in reverse order).
     *
     * @param longs how many longs.
     * @return the first index.
     */
    public int scratch(final int longs)
    {
        final int at = tmpTop;
        if (at + longs > tmp.length)
        {
            tmp = Arrays.copyOf(tmp, Math.max(tmp.length * 2, at + longs));
        }
        tmpTop = at + longs;
        return at;
    }

    /**
     * Gives back scratch registers.
     *
     * @param at the index {@link #scratch(int)} returned.
     */
    public void release(final int at)
    {
        tmpTop = at;
    }

    /**
     * A scratch array for path keys (filled and consumed without evaluating anything in between).
     *
     * @param count keys needed.
     * @return the array.
     */
    public long[] keys(final int count)
    {
        if (count > keys.length)
        {
            keys = new long[Math.max(count, keys.length * 2)];
        }
        return keys;
    }

    /**
     * The extractors' scratch array for a tested string's bytes (one extractor runs at a time; valid until the next
     * call).
     *
     * @param length bytes needed.
     * @return an array of at least that length.
     */
    public byte[] text(final int length)
    {
        if (length > text.length)
        {
            text = new byte[Math.max(length, text.length * 2)];
        }
        return text;
    }

    /**
     * Grows {@link #marks}, keeping its contents, to at least the given length.
     *
     * @param length ints needed.
     * @return {@link #marks}.
     */
    public int[] marks(final int length)
    {
        if (length > marks.length)
        {
            marks = Arrays.copyOf(marks, Math.max(length, marks.length * 2));
        }
        return marks;
    }

    /**
     * Records a builtin's failure message (cold path).
     *
     * @param message the message.
     * @return {@link Builtin#RUNTIME_ERROR}.
     */
    public int fail(final String message)
    {
        failure = message;
        return Builtin.RUNTIME_ERROR;
    }

    /**
     * Records a builtin's failure message, to be reported with an arity other than the argument count (Tremor's
     * {@code datetime::parse} names itself {@code datetime::parse/1}; cold path).
     *
     * @param message the message.
     * @param arity the arity the message names.
     * @return {@link Builtin#RUNTIME_ERROR}.
     */
    public int fail(final String message, final int arity)
    {
        failureArity = arity;
        return fail(message);
    }

    /**
     * Records that a builtin does not take the count of arguments it was called with (cold path).
     *
     * @param arity the count it takes.
     * @return {@link Builtin#BAD_ARITY}.
     */
    public int badArity(final int arity)
    {
        failure = arity + "..=" + arity;
        return Builtin.BAD_ARITY;
    }

    /** Forgets all scratch registers (after an error). */
    public void resetScratch()
    {
        tmpTop = 0;
    }

    /**
     * Stores a pair.
     *
     * @param at handle register.
     * @param handle the handle.
     * @param bits the bits.
     */
    public void set(final int at, final long handle, final long bits)
    {
        regs[at] = handle;
        regs[at + 1] = bits;
    }

    /**
     * Copies a pair.
     *
     * @param from source handle register.
     * @param to target handle register.
     */
    public void move(final int from, final int to)
    {
        final long[] r = regs;
        r[to] = r[from];
        r[to + 1] = r[from + 1];
    }

    /**
     * Stores a boolean.
     *
     * @param at handle register.
     * @param value the value.
     */
    public void setBool(final int at, final boolean value)
    {
        regs[at] = Values.BOOL;
        regs[at + 1] = value ? 1 : 0;
    }

    /**
     * Stores into a variable register: counts the new value's holder and releases the old one.
     *
     * @param at the variable's handle register.
     * @param handle the new handle.
     * @param bits the new bits.
     */
    public void assign(final int at, final long handle, final long bits)
    {
        final long old = regs[at];
        if (old != handle)
        {
            ctx.retain(handle);
            if (old != UNSET)
            {
                ctx.release(old);
            }
        }
        regs[at] = handle;
        regs[at + 1] = bits;
    }
}
