package io.temblor.script.extract;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * The {@code cidr} extractor, checked against Tremor's {@code extractor/cidr.rs} and the {@code cidr} crate it parses
 * with: networks must have no host bits, short IPv4 forms read as their first address, and with ranges only plain
 * IPv4 addresses inside them match.
 */
class CidrExtractorTest
{
    @TestFactory
    Stream<DynamicTest> shouldExtractPrefixAndMaskWhenGivenAnAddressOrNetwork()
    {
        return ExtractorTable.cases("""
            cidr|| @ "192.168.1.0" --> {"prefix":[192,168,1,0],"mask":[255,255,255,255]}
            cidr|| @ "192.168.1.0/24" --> {"prefix":[192,168,1,0],"mask":[255,255,255,0]}
            cidr|| @ "10.0.0.0/8" --> {"prefix":[10,0,0,0],"mask":[255,0,0,0]}
            cidr|| @ "0.0.0.0/0" --> {"prefix":[0,0,0,0],"mask":[0,0,0,0]}
            cidr|| @ "2001:4860:4860:0000:0000:0000:0000:8888" --> \
            {"prefix":[8193,18528,18528,0,0,0,0,34952],"mask":[65535,65535,65535,65535,65535,65535,65535,65535]}
            cidr|| @ "2001:db8::/32" --> {"prefix":[8193,3512,0,0,0,0,0,0],"mask":[65535,65535,0,0,0,0,0,0]}
            cidr|| @ "::1" --> {"prefix":[0,0,0,0,0,0,0,1],"mask":[65535,65535,65535,65535,65535,65535,65535,65535]}
            cidr|| @ "::ffff:1.2.3.4" --> \
            {"prefix":[0,0,0,0,0,65535,258,772],"mask":[65535,65535,65535,65535,65535,65535,65535,65535]}
            // short IPv4 forms, as the cidr crate reads them
            cidr|| @ "10" --> {"prefix":[10,0,0,0],"mask":[255,255,255,255]}
            cidr|| @ "192.168" --> {"prefix":[192,168,0,0],"mask":[255,255,255,255]}
            cidr|| @ "10/8" --> {"prefix":[10,0,0,0],"mask":[255,0,0,0]}
            cidr|| @ "01.2.3.4" --> {"prefix":[1,2,3,4],"mask":[255,255,255,255]}
            test cidr|| @ "1.2.3.4" --> "yes"
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldNotMatchWhenNotANetwork()
    {
        return ExtractorTable.cases("""
            cidr|| @ "192.168.1.1/24" --> "no"
            cidr|| @ "10.1.2.3/8" --> "no"
            cidr|| @ "1.2.3.4/33" --> "no"
            cidr|| @ "1.2.3.4/x" --> "no"
            cidr|| @ "300.1.1.1" --> "no"
            cidr|| @ "1.2.3.4.5" --> "no"
            cidr|| @ " 1.2.3.4" --> "no"
            cidr|| @ "a.b.c.d" --> "no"
            cidr|| @ "1::2::3" --> "no"
            cidr|| @ "" --> "no"
            cidr|| @ 1 --> "no"
            test cidr|| @ "snot" --> "no"
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldMatchOnlyPlainAddressesInRangeWhenGivenRanges()
    {
        return ExtractorTable.cases("""
            cidr|10.22.0.0/24, 10.22.1.0/24| @ "10.22.0.254" --> {"prefix":[10,22,0,254],"mask":[255,255,255,255]}
            cidr|10.22.0.0/24, 10.22.1.0/24| @ "10.22.1.3" --> {"prefix":[10,22,1,3],"mask":[255,255,255,255]}
            cidr|10.22.0.0/24, 10.22.1.0/24| @ "10.22.2.1" --> "no"
            cidr|10.22.0.0/24, 10.22.1.0/24| @ "99.98.97.96" --> "no"
            cidr|10.41.0.0/24, 11.41.0.0/24| @ "10.22.0.254" --> "no"
            cidr|10.0.0.0/8| @ "10.22.0.0/24" --> "no"
            cidr|10.0.0.0/8| @ "10" --> "no"
            cidr|0.0.0.0/0| @ "::1" --> "no"
            cidr|0.0.0.0/0| @ "255.255.255.255" --> {"prefix":[255,255,255,255],"mask":[255,255,255,255]}
            // ranges use Tremor's own short form: 10 is 0.0.0.10, 1.2 is 1.0.0.2
            cidr|10| @ "0.0.0.10" --> {"prefix":[0,0,0,10],"mask":[255,255,255,255]}
            cidr|10| @ "10.0.0.0" --> "no"
            cidr|1.2| @ "1.0.0.2" --> {"prefix":[1,0,0,2],"mask":[255,255,255,255]}
            test cidr|10.0.0.0/8| @ "10.1.1.1" --> "yes"
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldRejectBadRangesWhenCompiling()
    {
        return ExtractorTable.cases("""
            cidr|10.22.0.1/24| @ "" --> compile: Invalid tilde predicate pattern: Failed to parse CIDR range: could not \
            parse CIDR: '10.22.0.1/24'
            cidr|snot| @ "" --> compile: Invalid tilde predicate pattern: Failed to parse CIDR range: could not parse \
            CIDR: 'snot'
            cidr|10.0.0.0/8, 1.2.3.4/40| @ "" --> compile: Invalid tilde predicate pattern: Failed to parse CIDR range: \
            could not parse CIDR: '1.2.3.4/40'
            cidr|::1/128| @ "" --> compile: Invalid tilde predicate pattern: Failed to parse CIDR range: IPv6 CIDR not \
            supported: '::1/128'
            """);
    }
}
