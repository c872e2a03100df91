package io.temblor.json;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.temblor.json.TapeDescriptor.COUNT_MASK;
import static io.temblor.json.TapeDescriptor.COUNT_SHIFT;
import static io.temblor.json.TapeDescriptor.TAG_SHIFT;

/**
 * Stage 2: walks the structural positions of stage 1 and writes one document's tape and strings, validating the
 * RFC 8259 grammar with an explicit state machine and a preallocated depth stack. One per parser; reusable; not thread
 * safe; allocates nothing per document.
 */
final class TapeBuilder
{
    private static final int OBJECT_BEGIN = 0;
    private static final int OBJECT_FIELD = 1;
    private static final int OBJECT_CONTINUE = 2;
    private static final int ARRAY_BEGIN = 3;
    private static final int ARRAY_VALUE = 4;
    private static final int ARRAY_CONTINUE = 5;
    private static final int SCOPE_END = 6;
    private static final int DOCUMENT_END = 7;

    private static final long ROOT_WORD = (long)TapeDescriptor.TAG_ROOT << TAG_SHIFT;
    private static final long OBJECT_WORD = (long)TapeDescriptor.TAG_START_OBJECT << TAG_SHIFT;
    private static final long ARRAY_WORD = (long)TapeDescriptor.TAG_START_ARRAY << TAG_SHIFT;
    private static final long END_OBJECT_WORD = (long)TapeDescriptor.TAG_END_OBJECT << TAG_SHIFT;
    private static final long END_ARRAY_WORD = (long)TapeDescriptor.TAG_END_ARRAY << TAG_SHIFT;
    private static final long STRING_WORD = (long)TapeDescriptor.TAG_STRING << TAG_SHIFT;
    private static final long TRUE_WORD = (long)TapeDescriptor.TAG_TRUE << TAG_SHIFT;
    private static final long FALSE_WORD = (long)TapeDescriptor.TAG_FALSE << TAG_SHIFT;
    private static final long NULL_WORD = (long)TapeDescriptor.TAG_NULL << TAG_SHIFT;

    /** "true", "alse", "null" read as little-endian ints. */
    private static final int TRUE_INT = 0x65757274;
    private static final int ALSE_INT = 0x65736c61;
    private static final int NULL_INT = 0x6c6c756e;

    /** Bytes that may follow a literal: whitespace and the structural operators. */
    private static final boolean[] TERMINATOR = new boolean[256];

    static
    {
        for (final char c : new char[]{' ', '\t', '\n', '\r', ',', ':', '[', ']', '{', '}'})
        {
            TERMINATOR[c] = true;
        }
    }

    private final Tape tape;
    private final StringParser strings = new StringParser();
    private final NumberParser numbers = new NumberParser();
    private final int maxDepth;
    /** Per depth (1-based): tape index of the container start word, shifted left once, low bit set for arrays. */
    private final int[] scopes;
    /** Per depth: entries counted so far. */
    private final int[] counts;
    private int nextIndex;
    private long errorOffset;

    TapeBuilder(final Tape tape, final int maxDepth)
    {
        this.tape = tape;
        this.maxDepth = maxDepth;
        scopes = new int[maxDepth + 1];
        counts = new int[maxDepth + 1];
    }

    /** Index into the positions of the first structural after the last document built. */
    int nextIndex()
    {
        return nextIndex;
    }

    /** Byte offset (relative to the document base) of the last error. */
    long errorOffset()
    {
        return errorOffset;
    }

    private int fail(final int code, final long offset)
    {
        errorOffset = offset;
        tape.length = 0;
        return code;
    }

    /**
     * Builds the document whose first structural is {@code positions[start]}; {@code count} structurals exist in total
     * and the input is {@code input[base, base + length)}. The tape must have room for 2 * count + 4 words and the
     * string buffer for length + 4 * count + padding bytes.
     */
    int build(final MemorySegment input, final long base, final long length, final int[] positions, final int start,
        final int count)
    {
        final MemorySegment words = tape.words;
        final MemorySegment out = tape.strings;
        final int[] scopes = this.scopes;
        final int[] counts = this.counts;
        final long end = base + length;
        final Object inBase = io.temblor.offheap.Memory.base(input);
        final long inAddress = io.temblor.offheap.Memory.address(input);
        int idx = start;
        int w = 1;
        long s = 0;
        int depth = 0;
        int state;
        int p;
        byte c;

        if (idx >= count)
        {
            nextIndex = idx;
            return fail(JsonError.EMPTY, length);
        }
        p = positions[idx++];
        c = input.get(ValueLayout.JAVA_BYTE, base + p);
        if (c == '{')
        {
            depth = 1;
            scopes[1] = w << 1;
            counts[1] = 0;
            w++;
            state = OBJECT_BEGIN;
        }
        else if (c == '[')
        {
            depth = 1;
            scopes[1] = (w << 1) | 1;
            counts[1] = 0;
            w++;
            state = ARRAY_BEGIN;
        }
        else
        {
            state = DOCUMENT_END;
            // scalar root: falls into the shared scalar code below through ARRAY_VALUE-like handling
            switch (c)
            {
                case '"' ->
                {
                    final long r = strings.parse(input, base + p + 1, end, out, s);
                    if (r < 0)
                    {
                        return fail((int)r, p);
                    }
                    words.set(Tape.WORD, (long)w << 3, STRING_WORD | s);
                    w++;
                    s = r;
                }
                case 't' ->
                {
                    if (!literal(input, base + p, end, TRUE_INT, 4))
                    {
                        return fail(JsonError.T_ATOM_ERROR, p);
                    }
                    words.set(Tape.WORD, (long)w++ << 3, TRUE_WORD);
                }
                case 'f' ->
                {
                    if (!literal(input, base + p + 1, end, ALSE_INT, 4))
                    {
                        return fail(JsonError.F_ATOM_ERROR, p);
                    }
                    words.set(Tape.WORD, (long)w++ << 3, FALSE_WORD);
                }
                case 'n' ->
                {
                    if (!literal(input, base + p, end, NULL_INT, 4))
                    {
                        return fail(JsonError.N_ATOM_ERROR, p);
                    }
                    words.set(Tape.WORD, (long)w++ << 3, NULL_WORD);
                }
                default ->
                {
                    if (c != '-' && (c < '0' || c > '9'))
                    {
                        return fail(JsonError.TAPE_ERROR, p);
                    }
                    if (numbers.parse(inBase, inAddress, base + p, end) < 0)
                    {
                        return fail(JsonError.NUMBER_ERROR, p);
                    }
                    words.set(Tape.WORD, (long)w << 3, (long)numbers.type() << TAG_SHIFT);
                    words.set(Tape.WORD, (long)(w + 1) << 3, numbers.bits());
                    w += 2;
                }
            }
        }

        while (true)
        {
            switch (state)
            {
                case OBJECT_BEGIN ->
                {
                    if (idx >= count)
                    {
                        return fail(JsonError.UNEXPECTED_END, length);
                    }
                    p = positions[idx++];
                    c = input.get(ValueLayout.JAVA_BYTE, base + p);
                    if (c == '"')
                    {
                        counts[depth]++;
                        final long r = strings.parse(input, base + p + 1, end, out, s);
                        if (r < 0)
                        {
                            return fail((int)r, p);
                        }
                        words.set(Tape.WORD, (long)w++ << 3, STRING_WORD | s);
                        s = r;
                        state = OBJECT_FIELD;
                    }
                    else if (c == '}')
                    {
                        w = closeScope(words, scopes[depth], counts[depth], w, END_OBJECT_WORD);
                        depth--;
                        state = SCOPE_END;
                    }
                    else
                    {
                        return fail(JsonError.TAPE_ERROR, p);
                    }
                }
                case OBJECT_FIELD ->
                {
                    if (idx >= count)
                    {
                        return fail(JsonError.UNEXPECTED_END, length);
                    }
                    p = positions[idx++];
                    if (input.get(ValueLayout.JAVA_BYTE, base + p) != ':')
                    {
                        return fail(JsonError.TAPE_ERROR, p);
                    }
                    if (idx >= count)
                    {
                        return fail(JsonError.UNEXPECTED_END, length);
                    }
                    p = positions[idx++];
                    c = input.get(ValueLayout.JAVA_BYTE, base + p);
                    state = OBJECT_CONTINUE;
                    switch (c)
                    {
                        case '{' ->
                        {
                            if (depth >= maxDepth)
                            {
                                return fail(JsonError.DEPTH_ERROR, p);
                            }
                            depth++;
                            scopes[depth] = w << 1;
                            counts[depth] = 0;
                            w++;
                            state = OBJECT_BEGIN;
                        }
                        case '[' ->
                        {
                            if (depth >= maxDepth)
                            {
                                return fail(JsonError.DEPTH_ERROR, p);
                            }
                            depth++;
                            scopes[depth] = (w << 1) | 1;
                            counts[depth] = 0;
                            w++;
                            state = ARRAY_BEGIN;
                        }
                        case '"' ->
                        {
                            final long r = strings.parse(input, base + p + 1, end, out, s);
                            if (r < 0)
                            {
                                return fail((int)r, p);
                            }
                            words.set(Tape.WORD, (long)w++ << 3, STRING_WORD | s);
                            s = r;
                        }
                        case 't' ->
                        {
                            if (!literal(input, base + p, end, TRUE_INT, 4))
                            {
                                return fail(JsonError.T_ATOM_ERROR, p);
                            }
                            words.set(Tape.WORD, (long)w++ << 3, TRUE_WORD);
                        }
                        case 'f' ->
                        {
                            if (!literal(input, base + p + 1, end, ALSE_INT, 4))
                            {
                                return fail(JsonError.F_ATOM_ERROR, p);
                            }
                            words.set(Tape.WORD, (long)w++ << 3, FALSE_WORD);
                        }
                        case 'n' ->
                        {
                            if (!literal(input, base + p, end, NULL_INT, 4))
                            {
                                return fail(JsonError.N_ATOM_ERROR, p);
                            }
                            words.set(Tape.WORD, (long)w++ << 3, NULL_WORD);
                        }
                        default ->
                        {
                            if (c != '-' && (c < '0' || c > '9'))
                            {
                                return fail(JsonError.TAPE_ERROR, p);
                            }
                            if (numbers.parse(inBase, inAddress, base + p, end) < 0)
                            {
                                return fail(JsonError.NUMBER_ERROR, p);
                            }
                            words.set(Tape.WORD, (long)w << 3, (long)numbers.type() << TAG_SHIFT);
                            words.set(Tape.WORD, (long)(w + 1) << 3, numbers.bits());
                            w += 2;
                        }
                    }
                }
                case OBJECT_CONTINUE ->
                {
                    if (idx >= count)
                    {
                        return fail(JsonError.UNEXPECTED_END, length);
                    }
                    p = positions[idx++];
                    c = input.get(ValueLayout.JAVA_BYTE, base + p);
                    if (c == ',')
                    {
                        if (idx >= count)
                        {
                            return fail(JsonError.UNEXPECTED_END, length);
                        }
                        p = positions[idx++];
                        if (input.get(ValueLayout.JAVA_BYTE, base + p) != '"')
                        {
                            return fail(JsonError.TAPE_ERROR, p);
                        }
                        counts[depth]++;
                        final long r = strings.parse(input, base + p + 1, end, out, s);
                        if (r < 0)
                        {
                            return fail((int)r, p);
                        }
                        words.set(Tape.WORD, (long)w++ << 3, STRING_WORD | s);
                        s = r;
                        state = OBJECT_FIELD;
                    }
                    else if (c == '}')
                    {
                        w = closeScope(words, scopes[depth], counts[depth], w, END_OBJECT_WORD);
                        depth--;
                        state = SCOPE_END;
                    }
                    else
                    {
                        return fail(JsonError.TAPE_ERROR, p);
                    }
                }
                case SCOPE_END ->
                {
                    if (depth == 0)
                    {
                        state = DOCUMENT_END;
                    }
                    else
                    {
                        state = (scopes[depth] & 1) != 0 ? ARRAY_CONTINUE : OBJECT_CONTINUE;
                    }
                }
                case ARRAY_BEGIN ->
                {
                    if (idx >= count)
                    {
                        return fail(JsonError.UNEXPECTED_END, length);
                    }
                    p = positions[idx++];
                    c = input.get(ValueLayout.JAVA_BYTE, base + p);
                    if (c == ']')
                    {
                        w = closeScope(words, scopes[depth], counts[depth], w, END_ARRAY_WORD);
                        depth--;
                        state = SCOPE_END;
                    }
                    else
                    {
                        state = ARRAY_VALUE;
                    }
                }
                case ARRAY_VALUE ->
                {
                    counts[depth]++;
                    state = ARRAY_CONTINUE;
                    switch (c)
                    {
                        case '{' ->
                        {
                            if (depth >= maxDepth)
                            {
                                return fail(JsonError.DEPTH_ERROR, p);
                            }
                            depth++;
                            scopes[depth] = w << 1;
                            counts[depth] = 0;
                            w++;
                            state = OBJECT_BEGIN;
                        }
                        case '[' ->
                        {
                            if (depth >= maxDepth)
                            {
                                return fail(JsonError.DEPTH_ERROR, p);
                            }
                            depth++;
                            scopes[depth] = (w << 1) | 1;
                            counts[depth] = 0;
                            w++;
                            state = ARRAY_BEGIN;
                        }
                        case '"' ->
                        {
                            final long r = strings.parse(input, base + p + 1, end, out, s);
                            if (r < 0)
                            {
                                return fail((int)r, p);
                            }
                            words.set(Tape.WORD, (long)w++ << 3, STRING_WORD | s);
                            s = r;
                        }
                        case 't' ->
                        {
                            if (!literal(input, base + p, end, TRUE_INT, 4))
                            {
                                return fail(JsonError.T_ATOM_ERROR, p);
                            }
                            words.set(Tape.WORD, (long)w++ << 3, TRUE_WORD);
                        }
                        case 'f' ->
                        {
                            if (!literal(input, base + p + 1, end, ALSE_INT, 4))
                            {
                                return fail(JsonError.F_ATOM_ERROR, p);
                            }
                            words.set(Tape.WORD, (long)w++ << 3, FALSE_WORD);
                        }
                        case 'n' ->
                        {
                            if (!literal(input, base + p, end, NULL_INT, 4))
                            {
                                return fail(JsonError.N_ATOM_ERROR, p);
                            }
                            words.set(Tape.WORD, (long)w++ << 3, NULL_WORD);
                        }
                        default ->
                        {
                            if (c != '-' && (c < '0' || c > '9'))
                            {
                                return fail(JsonError.TAPE_ERROR, p);
                            }
                            if (numbers.parse(inBase, inAddress, base + p, end) < 0)
                            {
                                return fail(JsonError.NUMBER_ERROR, p);
                            }
                            words.set(Tape.WORD, (long)w << 3, (long)numbers.type() << TAG_SHIFT);
                            words.set(Tape.WORD, (long)(w + 1) << 3, numbers.bits());
                            w += 2;
                        }
                    }
                }
                case ARRAY_CONTINUE ->
                {
                    if (idx >= count)
                    {
                        return fail(JsonError.UNEXPECTED_END, length);
                    }
                    p = positions[idx++];
                    c = input.get(ValueLayout.JAVA_BYTE, base + p);
                    if (c == ',')
                    {
                        if (idx >= count)
                        {
                            return fail(JsonError.UNEXPECTED_END, length);
                        }
                        p = positions[idx++];
                        c = input.get(ValueLayout.JAVA_BYTE, base + p);
                        state = ARRAY_VALUE;
                    }
                    else if (c == ']')
                    {
                        w = closeScope(words, scopes[depth], counts[depth], w, END_ARRAY_WORD);
                        depth--;
                        state = SCOPE_END;
                    }
                    else
                    {
                        return fail(JsonError.TAPE_ERROR, p);
                    }
                }
                default ->
                {
                    words.set(Tape.WORD, 0, ROOT_WORD | w);
                    words.set(Tape.WORD, (long)w << 3, ROOT_WORD);
                    tape.length = w + 1;
                    nextIndex = idx;
                    return JsonError.OK;
                }
            }
        }
    }

    /** Writes the end word at {@code w}, patches the start word, returns the index after the end word. */
    private static int closeScope(final MemorySegment words, final int scope, final int entries, final int w,
        final long endWord)
    {
        final int startIndex = scope >>> 1;
        words.set(Tape.WORD, (long)w << 3, endWord | startIndex);
        final long count = Math.min(entries, COUNT_MASK);
        final long startWord = (scope & 1) != 0 ? ARRAY_WORD : OBJECT_WORD;
        words.set(Tape.WORD, (long)startIndex << 3, startWord | (count << COUNT_SHIFT) | (w + 1));
        return w + 1;
    }

    /** Whether the 4 bytes at {@code at} are {@code expected} and are followed by the end or a terminator. */
    private static boolean literal(final MemorySegment input, final long at, final long end, final int expected,
        final int size)
    {
        if (at + size > end || input.get(Tape.U32, at) != expected)
        {
            return false;
        }
        return at + size == end || TERMINATOR[input.get(ValueLayout.JAVA_BYTE, at + size) & 0xFF];
    }
}
