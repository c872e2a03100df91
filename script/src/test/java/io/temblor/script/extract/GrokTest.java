package io.temblor.script.extract;

import io.temblor.script.runtime.TestScripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GrokTest
{
    private static String grok(final String rule, final String text)
    {
        final String event = "{\"v\": \"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        return TestScripts.run("match event of case r = %{v ~= grok|" + rule + "|} => r.v case _ => \"no\" end", event)
            .get(0);
    }

    @Test
    void shouldCompileEveryStandardPatternWithRe2WhenExpanded()
    {
        final List<String> names = Grok.patternNames();
        assertTrue(names.size() >= 300, "pattern count " + names.size());
        for (final String name : names)
        {
            final String re = Grok.expand("%{" + name + "}", new HashMap<>());
            assertTrue(null != re, name);
            com.google.re2j.Pattern.compile(Grok.dropDuplicateNames(re));
        }
    }

    @Test
    void shouldExtractAliasesWhenPatternMatches()
    {
        assertEquals("{\"client\":\"55.3.244.1\",\"method\":\"GET\",\"request\":\"/index.html\",\"bytes\":\"15824\"," +
            "\"duration\":\"0.043\"}", grok("%{IP:client} %{WORD:method} %{URIPATHPARAM:request} %{NUMBER:bytes} " +
            "%{NUMBER:duration}", "55.3.244.1 GET /index.html 15824 0.043"));
        assertEquals("\"no\"", grok("%{IP:client} %{WORD:method}", "nope"));
        assertEquals("{}", grok("%{USERNAME}", "foobar"));
    }

    @Test
    void shouldFollowGrokRulesWhenAliasesNestOrRepeat()
    {
        assertEquals("{\"prog\":\"sshd[12]\",\"program\":\"sshd\",\"pid\":\"12\"}", grok("%{SYSLOGPROG:prog}", "sshd[12]"));
        assertEquals("{\"name0\":\"foobar\",\"snot\":\"badger\"}", grok("%{USERNAME:snot} %{USERNAME:snot}",
            "foobar badger"));
        assertEquals("{\"n:int\":\"7\"}", grok("%{NUMBER:n:int}", "7"));
        assertEquals("{\"id\":\"ab12\",\"w\":\"x\"}", grok("(?<id>[a-z0-9]+) %{WORD:w}", "ab12 x"));
        assertEquals("{\"x\":\"42\"}", grok("%{FOO:x=\\\\d+}", "a42"));
    }

    @Test
    void shouldMatchLikeTheOriginalsWhenPatternsWereRewrittenForRe2()
    {
        assertEquals("{\"ip\":\"10.1.2.255\"}", grok("%{IPV4:ip}", "10.1.2.255"));
        assertEquals("{\"ip\":\"192.168.200.1\"}", grok("%{IP:ip}", "to 192.168.200.1"));
        assertEquals("{\"q\":\"\\\"a \\\\\\\" b\\\"\"}", grok("%{QUOTEDSTRING:q}", "x \"a \\\" b\" y"));
        assertEquals("{\"t\":\"23:59:60\"}", grok("%{TIME:t}", "at 23:59:60"));
        assertEquals("{\"n\":\"-1.5\"}", grok("%{NUMBER:n}", "v=-1.5"));
        assertEquals("{\"y\":\"2024\"}", grok("%{YEAR:y}", "2024"));
        assertEquals("{\"u\":\"0123456789abcdef0123456789ABCDEF\"}", grok("%{RUUID:u}",
            "0123456789abcdef0123456789ABCDEF"));
    }

    @Test
    void shouldFailToCompileLikeTremorWhenPatternIsUnknown()
    {
        assertTrue(TestScripts.isCompileError("match event of case %{v ~= grok|%{NOPE:x}| } => 1 case _ => 2 end"));
        try
        {
            io.temblor.script.compile.ScriptCompiler.compile("match event of case %{v ~= grok|%{NOPE:x}| } => 1 " +
                "case _ => 2 end", List.of());
        }
        catch (final io.temblor.script.error.CompileError ex)
        {
            assertEquals("Invalid tilde predicate pattern: Failed to compile logstash grok pattern `%{NOPE:x}`",
                ex.getMessage());
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void shouldRunInLinearTimeWhenPatternsCouldBacktrack()
    {
        final String text = "a".repeat(20_000);
        assertEquals("\"no\"", grok("%{GREEDYDATA:a}%{GREEDYDATA:b}%{GREEDYDATA:c}x", text));
        assertEquals("\"no\"", grok("^(%{WORD}\\\\s?)*$", "word ".repeat(5_000) + "!"));
    }
}
