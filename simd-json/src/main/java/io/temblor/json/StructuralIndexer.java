package io.temblor.json;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Stage 1 stand-in: a plain scalar structural finder with UTF-8 validation. The real (vector) indexer replaces this
 * file at merge; only the contract matters here. One per parser; not thread safe.
 */
final class StructuralIndexer
{
    private int[] positions = new int[1024];
    private long errorOffset;

    StructuralIndexer(final SimdWidth width)
    {
    }

    int index(final MemorySegment input, final long offset, final long length)
    {
        if (length > Integer.MAX_VALUE - 16)
        {
            errorOffset = 0;
            return JsonError.CAPACITY;
        }
        final int len = (int)length;
        int count = 0;
        boolean inString = false;
        boolean escaped = false;
        boolean prevScalar = false;
        int stringStart = 0;
        int i = 0;
        while (i < len)
        {
            final int b = input.get(ValueLayout.JAVA_BYTE, offset + i) & 0xFF;
            if (b >= 0x80)
            {
                final int n = utf8Length(input, offset, i, len);
                if (n < 0)
                {
                    errorOffset = i;
                    return JsonError.UTF8_ERROR;
                }
                if (!inString && !prevScalar)
                {
                    count = add(count, i);
                }
                prevScalar = !inString;
                i += n;
                continue;
            }
            if (inString)
            {
                if (escaped)
                {
                    escaped = false;
                }
                else if (b == '\\')
                {
                    escaped = true;
                }
                else if (b == '"')
                {
                    inString = false;
                }
            }
            else
            {
                switch (b)
                {
                    case '{', '}', '[', ']', ':', ',' ->
                    {
                        count = add(count, i);
                        prevScalar = false;
                    }
                    case ' ', '\t', '\n', '\r' -> prevScalar = false;
                    case '"' ->
                    {
                        count = add(count, i);
                        inString = true;
                        stringStart = i;
                        prevScalar = false;
                    }
                    default ->
                    {
                        if (!prevScalar)
                        {
                            count = add(count, i);
                        }
                        prevScalar = true;
                    }
                }
            }
            i++;
        }
        if (inString)
        {
            errorOffset = stringStart;
            return JsonError.UNCLOSED_STRING;
        }
        count = add(count, len);
        count = add(count, len);
        return count - 2;
    }

    private int add(final int count, final int position)
    {
        if (count == positions.length)
        {
            positions = java.util.Arrays.copyOf(positions, count * 2);
        }
        positions[count] = position;
        return count + 1;
    }

    private static int utf8Length(final MemorySegment in, final long offset, final int i, final int len)
    {
        final int b = in.get(ValueLayout.JAVA_BYTE, offset + i) & 0xFF;
        final int n;
        final int min;
        if (b >= 0xC2 && b <= 0xDF)
        {
            n = 2;
            min = 0x80;
        }
        else if (b >= 0xE0 && b <= 0xEF)
        {
            n = 3;
            min = 0x800;
        }
        else if (b >= 0xF0 && b <= 0xF4)
        {
            n = 4;
            min = 0x10000;
        }
        else
        {
            return -1;
        }
        if (i + n > len)
        {
            return -1;
        }
        int cp = b & (0x7F >> n);
        for (int k = 1; k < n; k++)
        {
            final int c = in.get(ValueLayout.JAVA_BYTE, offset + i + k) & 0xFF;
            if ((c & 0xC0) != 0x80)
            {
                return -1;
            }
            cp = (cp << 6) | (c & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        {
            return -1;
        }
        return n;
    }

    int[] positions()
    {
        return positions;
    }

    long errorOffset()
    {
        return errorOffset;
    }
}
