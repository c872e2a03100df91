package io.temblor.script.value;

import java.nio.charset.StandardCharsets;

/**
 * A place in a script that looks one constant key up in records ({@code event.host}, a patch key): the key's handle,
 * its fingerprint computed once, and the position where the key was found last time. Events of one stream mostly have
 * the same shape, so the remembered position nearly always holds the key again, and a lookup costs one fingerprint
 * compare instead of a scan. The position is only a guess, checked before use, so a site shared by script instances on
 * several threads stays correct when their guesses overwrite each other.
 */
public final class KeySite
{
    final long key;
    final long prefix;
    /** The key's bit in a record's key filter. */
    final long keyBit;
    final int rest;
    final byte[] tail;
    /** Last position found: an entry index for arena-like records, a slot of the key index for tape records. */
    int hint;

    /**
     * A site for a constant key.
     *
     * @param key the key's string handle (in any store).
     * @param text the key's text.
     */
    public KeySite(final long key, final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        long p = bytes.length & 0xFFFF_FFFFL;
        for (int i = 0; i < Math.min(4, bytes.length); i++)
        {
            p |= (bytes[i] & 0xFFL) << (32 + 8 * i);
        }
        this.key = key;
        this.prefix = p;
        this.keyBit = ValueContext.keyBit(p);
        this.rest = bytes.length - 4;
        this.tail = bytes;
    }

    /**
     * The key's handle.
     *
     * @return the handle.
     */
    public long key()
    {
        return key;
    }
}
