package io.temblor.bench.flows;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The bench connector's report parsed back: throughput, percentiles read off the distribution, max, count, GC. */
class BenchOutputTest
{
    private static final String REPORT = """
             Value Percentile TotalCount 1/(1-Percentile)

              8575 0.00000          1           1.00
             18559 0.50000     507133           2.00
           2981887 0.98828     983951          85.33
           3309567 0.99219     987641         128.00
           5439487 0.99902     994468        1024.00
           5537791 0.99927     994776        1365.33
           6946815 1.00000     995376            inf
        #[Mean       =    285758.86, StdDeviation   =    701828.62]
        #[Max        =      6946815, Total count    =       995376]
        #[Buckets    =           30, SubBuckets     =         3968]


        Throughput   (data): 0.5 MB/s
        Throughput (events): 99.5k events/s
        GC (measured period): 3 collections, 12 ms
        temblor: stopped; connector/bench sent 1000000
        """;

    @Test
    void shouldReadTheNumbersOfAReport()
    {
        final BenchOutput out = BenchOutput.parse(REPORT);
        assertEquals(0.5, out.mbPerSec());
        assertEquals(99_500, out.eventsPerSec(), 1e-6);
        assertEquals(18559, out.p50Ns());
        assertEquals(2981887, out.p90Ns());
        assertEquals(6946815, out.p9999Ns());
        assertEquals(3309567, out.p99Ns());
        assertEquals(5439487, out.p999Ns());
        assertEquals(6946815, out.maxNs());
        assertEquals(995376, out.count());
        assertEquals(3, out.gcCollections());
        assertEquals(12, out.gcMs());
        assertEquals(7, out.distribution().size());
        assertEquals(0.99902, out.distribution().get(4)[0]);
        assertEquals(5439487, out.distribution().get(4)[1]);
    }

    @Test
    void shouldReturnNullWhenTheFlowDidNotReport()
    {
        assertNull(BenchOutput.parse("connector metrics: the `metrics` connector is not supported\n"));
    }
}
