package io.temblor.script.extract;

import io.temblor.script.error.CompileError;
import io.temblor.script.error.Span;
import io.temblor.script.runtime.Env;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.Values;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code cidr|[range, ...]|}, as Tremor's cidr extractor (cidr-utils 0.6, i.e. the {@code cidr} crate): the string must
 * be an IPv4 or IPv6 address or network ({@code IpCidr::from_str}: a network's host bits must be zero; a short IPv4
 * address like {@code 10} or {@code 192.168} reads as its first address); with ranges, only a plain IPv4 address
 * inside one of them matches. Extracts {@code {"prefix": [...], "mask": [...]}} (bytes for IPv4, 16-bit groups for
 * IPv6). Ranges are parsed with Tremor's own fast IPv4 parser ({@code 1.2} is {@code 1.0.0.2}), IPv6 ranges are
 * rejected.
 */
final class Network extends Extractor
{
    /** Prefix and length of each IPv4 range. */
    private final List<long[]> ranges = new ArrayList<>();

    Network(final Span span, final String rule)
    {
        super(span);
        if (rule.isEmpty())
        {
            return;
        }
        for (final String r : rule.split(",", -1))
        {
            final String range = r.strip();
            final long[] parsed = fastIpv4(range);
            if (null != parsed)
            {
                ranges.add(parsed);
                continue;
            }
            final int[] v6 = cidr(range);
            throw new CompileError(span, "Invalid tilde predicate pattern: Failed to parse CIDR range: " +
                (null != v6 && v6.length == 9 ? "IPv6 CIDR not supported: '" : "could not parse CIDR: '") + range + "'");
        }
    }

    /**
     * Tremor's parse_ipv4_fast for range rules: up to four dotted decimal octets where missing middle ones are zero
     * ({@code a}, {@code a.d}, {@code a.b.d}), an optional {@code /len}; the network must have no host bits.
     *
     * @return {address, length}, or null.
     */
    private static long[] fastIpv4(final String s)
    {
        final int[] octets = new int[4];
        int count = 0;
        int i = 0;
        int length = 32;
        while (true)
        {
            int v = 0;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9')
            {
                v = v * 10 + s.charAt(i++) - '0';
                if (v > 255)
                {
                    return null;
                }
            }
            octets[count++] = v;
            if (i >= s.length())
            {
                break;
            }
            final char c = s.charAt(i++);
            if (c == '/')
            {
                final String len = s.substring(i);
                if (len.isEmpty() || len.length() > 2 || !len.chars().allMatch(d -> d >= '0' && d <= '9'))
                {
                    return null;
                }
                length = Integer.parseInt(len);
                if (length > 32)
                {
                    return null;
                }
                break;
            }
            // an empty octet counts as 0, as in Tremor's parser
            if (c != '.' || count == 4 || i >= s.length())
            {
                return null;
            }
        }
        // a.b.c.d; fewer octets fill the middle with zeros: a -> 0.0.0.a, a.b -> a.0.0.b, a.b.c -> a.b.0.c
        final int[] address = switch (count)
        {
            case 1 -> new int[] {0, 0, 0, octets[0]};
            case 2 -> new int[] {octets[0], 0, 0, octets[1]};
            case 3 -> new int[] {octets[0], octets[1], 0, octets[2]};
            default -> octets;
        };
        final long ip = ((long)address[0] << 24) | (address[1] << 16) | (address[2] << 8) | address[3];
        final long mask = length == 0 ? 0 : (0xFFFF_FFFFL << (32 - length)) & 0xFFFF_FFFFL;
        return (ip & ~mask & 0xFFFF_FFFFL) != 0 ? null : new long[] {ip, length};
    }

    /**
     * {@code IpCidr::from_str}: an address (IPv4 in Rust's strict syntax or a short form, or IPv6) with an optional
     * {@code /len}; a network's host bits must be zero.
     *
     * @return the 4 or 8 groups followed by the length, or null.
     */
    static int[] cidr(final String s)
    {
        final int slash = s.lastIndexOf('/');
        final String address = slash < 0 ? s : s.substring(0, slash);
        int[] groups = ipv4(address);
        if (null == groups)
        {
            groups = ipv6(address);
        }
        if (null == groups)
        {
            // a short IPv4 form ("10", "192.168") stands for its first address
            groups = shortIpv4(address);
        }
        if (null == groups)
        {
            return null;
        }
        final int width = groups.length == 4 ? 8 : 16;
        final int bits = groups.length * width;
        int length = bits;
        if (slash >= 0)
        {
            // the length is a u8
            final long[] len = new long[1];
            if (null != Numbers.parseLong(s.substring(slash + 1), len) || len[0] < 0 || len[0] > 255 ||
                s.charAt(slash + 1) == '-')
            {
                return null;
            }
            length = (int)len[0];
            if (length > bits)
            {
                return null;
            }
            int remaining = length;
            for (final int g : groups)
            {
                final int keep = Math.max(0, Math.min(width, remaining));
                final int hostMask = (1 << (width - keep)) - 1;
                if ((g & hostMask) != 0)
                {
                    return null;
                }
                remaining -= width;
            }
        }
        final int[] out = java.util.Arrays.copyOf(groups, groups.length + 1);
        out[groups.length] = length;
        return out;
    }

    /** Rust's {@code Ipv4Addr::from_str}: four decimal octets without leading zeros. */
    static int[] ipv4(final String s)
    {
        final String[] parts = s.split("\\.", -1);
        if (parts.length != 4)
        {
            return null;
        }
        final int[] out = new int[4];
        for (int i = 0; i < 4; i++)
        {
            final String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0') ||
                !p.chars().allMatch(c -> c >= '0' && c <= '9'))
            {
                return null;
            }
            out[i] = Integer.parseInt(p);
            if (out[i] > 255)
            {
                return null;
            }
        }
        return out;
    }

    /** The cidr crate's short IPv4 form: 1 to 4 octets ({@code u8::from_str} each), the rest zero. */
    private static int[] shortIpv4(final String s)
    {
        final String[] parts = s.split("\\.", -1);
        if (parts.length > 4)
        {
            return null;
        }
        final int[] out = new int[4];
        for (int i = 0; i < parts.length; i++)
        {
            final long[] v = new long[1];
            if (null != Numbers.parseLong(parts[i], v) || v[0] < 0 || v[0] > 255 || parts[i].startsWith("-"))
            {
                return null;
            }
            out[i] = (int)v[0];
        }
        return out;
    }

    /** Rust's {@code Ipv6Addr::from_str}: eight hex groups, one {@code ::}, an optional dotted IPv4 tail. */
    static int[] ipv6(final String s)
    {
        if (s.indexOf(':') < 0)
        {
            return null;
        }
        final int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0)
        {
            return null;
        }
        final List<Integer> head = groups6(gap < 0 ? s : s.substring(0, gap), gap < 0);
        final List<Integer> tail = gap < 0 ? List.of() : groups6(s.substring(gap + 2), true);
        if (null == head || null == tail)
        {
            return null;
        }
        final int total = head.size() + tail.size();
        if ((gap < 0 && total != 8) || (gap >= 0 && total > 7))
        {
            return null;
        }
        final int[] out = new int[8];
        for (int i = 0; i < head.size(); i++)
        {
            out[i] = head.get(i);
        }
        for (int i = 0; i < tail.size(); i++)
        {
            out[8 - tail.size() + i] = tail.get(i);
        }
        return out;
    }

    /** Hex groups separated by {@code :}; the last may be a dotted IPv4 address (two groups) when allowed. */
    private static List<Integer> groups6(final String s, final boolean allowIpv4)
    {
        final List<Integer> out = new ArrayList<>();
        if (s.isEmpty())
        {
            return out;
        }
        final String[] parts = s.split(":", -1);
        for (int i = 0; i < parts.length; i++)
        {
            final String p = parts[i];
            if (i == parts.length - 1 && allowIpv4 && p.indexOf('.') >= 0)
            {
                final int[] v4 = ipv4(p);
                if (null == v4)
                {
                    return null;
                }
                out.add(v4[0] << 8 | v4[1]);
                out.add(v4[2] << 8 | v4[3]);
                continue;
            }
            if (p.isEmpty() || p.length() > 4 || !p.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 0x80))
            {
                return null;
            }
            out.add(Integer.parseInt(p, 16));
        }
        return out;
    }

    private boolean inRanges(final int[] ip)
    {
        final long address = ((long)ip[0] << 24) | (ip[1] << 16) | (ip[2] << 8) | ip[3];
        for (final long[] range : ranges)
        {
            final long mask = range[1] == 0 ? 0 : (0xFFFF_FFFFL << (32 - range[1])) & 0xFFFF_FFFFL;
            if ((address & mask) == range[0])
            {
                return true;
            }
        }
        return false;
    }

    @Override
    protected boolean extract(final Env e, final String s, final int out)
    {
        if (!ranges.isEmpty())
        {
            // with ranges the string must be a plain IPv4 address (Ipv4Addr::from_str) inside one of them
            final int[] v4 = ipv4(s);
            if (null == v4 || !inRanges(v4))
            {
                return false;
            }
        }
        final int[] ip = cidr(s);
        if (null == ip)
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
