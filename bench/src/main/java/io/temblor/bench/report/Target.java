package io.temblor.bench.report;

/**
 * A performance target's verdict on one run, as every suite's report lists it.
 *
 * @param name   what is required.
 * @param met    true, false, or null when the run has no data for it.
 * @param detail the deciding numbers.
 */
public record Target(String name, Boolean met, String detail)
{
    /**
     * The verdict as a word.
     *
     * @return MET, NOT MET or NO DATA.
     */
    public String verdict()
    {
        return met == null ? "NO DATA" : met ? "MET" : "NOT MET";
    }
}
