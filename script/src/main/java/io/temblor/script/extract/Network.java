package io.temblor.script.extract;

import io.temblor.script.error.CompileError;
import io.temblor.script.error.Span;
import io.temblor.script.runtime.Env;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.Values;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code cidr|[range, ...]|}: the tested string must be an IPv4 or IPv6 address or network (inside one of the ranges
 * when some are given); extracts {@code {"prefix": [...], "mask": [...]}} (bytes for IPv4, 16-bit groups for IPv6).
 */
final class Network extends Extractor
{
    private final List<int[]> ranges = new ArrayList<>();

    Network(final Span span, final String rule)
    {
        super(span);
        if (!rule.isBlank())
        {
            for (final String r : rule.split(","))
            {
                final int[] parsed = parse(r.strip());
                if (null == parsed)
                {
                    throw new CompileError(span, "Invalid tilde predicate pattern: Failed to parse CIDR range: " + r.strip());
                }
                ranges.add(parsed);
            }
        }
    }

    /** Parses {@code a.b.c.d[/n]} or an IPv6 address[/n] into groups followed by the prefix length; null if invalid. */
    static int[] parse(final String s)
    {
        final int slash = s.indexOf('/');
        final String address = slash < 0 ? s : s.substring(0, slash);
        final int[] groups = address.indexOf(':') >= 0 ? parse6(address) : parse4(address);
        if (null == groups)
        {
            return null;
        }
        final int bits = groups.length == 4 ? 32 : 128;
        int length = bits;
        if (slash >= 0)
        {
            try
            {
                length = Integer.parseInt(s.substring(slash + 1));
            }
            catch (final NumberFormatException ex)
            {
                return null;
            }
            if (length < 0 || length > bits)
            {
                return null;
            }
        }
        final int[] out = java.util.Arrays.copyOf(groups, groups.length + 1);
        out[groups.length] = length;
        return out;
    }

    private static int[] parse4(final String s)
    {
        final String[] parts = s.split("\\.", -1);
        if (parts.length != 4)
        {
            return null;
        }
        final int[] out = new int[4];
        for (int i = 0; i < 4; i++)
        {
            if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(Character::isDigit))
            {
                return null;
            }
            out[i] = Integer.parseInt(parts[i]);
            if (out[i] > 255)
            {
                return null;
            }
        }
        return out;
    }

    private static int[] parse6(final String s)
    {
        if (!s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':'))
        {
            return null;
        }
        final int gap = s.indexOf("::");
        final String[] head = gap < 0 ? s.split(":", -1) : s.substring(0, gap).isEmpty() ? new String[0] :
            s.substring(0, gap).split(":", -1);
        final String[] tail = gap < 0 ? new String[0] : s.substring(gap + 2).isEmpty() ? new String[0] :
            s.substring(gap + 2).split(":", -1);
        if ((gap < 0 && head.length != 8) || head.length + tail.length > (gap < 0 ? 8 : 7))
        {
            return null;
        }
        final int[] out = new int[8];
        for (int i = 0; i < head.length; i++)
        {
            if (head[i].isEmpty() || head[i].length() > 4)
            {
                return null;
            }
            out[i] = Integer.parseInt(head[i], 16);
        }
        for (int i = 0; i < tail.length; i++)
        {
            if (tail[i].isEmpty() || tail[i].length() > 4)
            {
                return null;
            }
            out[8 - tail.length + i] = Integer.parseInt(tail[i], 16);
        }
        return out;
    }

    private static boolean contains(final int[] range, final int[] ip)
    {
        if (range.length != ip.length)
        {
            return false;
        }
        final int groups = range.length - 1;
        final int width = groups == 4 ? 8 : 16;
        int remaining = range[groups];
        for (int i = 0; i < groups && remaining > 0; i++)
        {
            final int take = Math.min(width, remaining);
            final int mask = ((1 << take) - 1) << (width - take);
            if ((range[i] & mask) != (ip[i] & mask))
            {
                return false;
            }
            remaining -= take;
        }
        return true;
    }

    @Override
    protected boolean extract(final Env e, final String s, final int out)
    {
        final int[] ip = parse(s);
        if (null == ip)
        {
            return false;
        }
        if (!ranges.isEmpty() && ranges.stream().noneMatch(r -> contains(r, ip)))
        {
            return false;
        }
        if (out < 0)
        {
            return true;
        }
        final ValueContext ctx = e.ctx;
        final int groups = ip.length - 1;
        final int width = groups == 4 ? 8 : 16;
        final long[] t = new long[6];
        ctx.newRecord(2, e.regs, out);
        ctx.newArray(groups, t, 0);
        ctx.newArray(groups, t, 2);
        int remaining = ip[groups];
        for (int i = 0; i < groups; i++)
        {
            final int take = Math.max(0, Math.min(width, remaining));
            final int mask = take == 0 ? 0 : ((1 << take) - 1) << (width - take);
            remaining -= width;
            ctx.push(t[0], Values.INT, ip[i] & mask, t, 0);
            ctx.push(t[2], Values.INT, mask, t, 2);
        }
        ctx.newString("prefix", t, 4);
        ctx.put(e.regs[out], t[4], t[0], 0, e.regs, out);
        ctx.newString("mask", t, 4);
        ctx.put(e.regs[out], t[4], t[2], 0, e.regs, out);
        return true;
    }
}
