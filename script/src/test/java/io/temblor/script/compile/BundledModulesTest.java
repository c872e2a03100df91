package io.temblor.script.compile;

import io.temblor.script.error.CompileError;
import io.temblor.script.parser.Parser;
import io.temblor.script.ast.Stmt;
import io.temblor.script.runtime.ScriptInstance;
import io.temblor.script.runtime.TestScripts;
import io.temblor.script.stdlib.Stdlib;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BundledModulesTest
{
    private static final Path LIB = ScriptCases.tremor().resolve("tremor-script/lib");

    /** Every {@code std} and {@code tremor} module of Tremor's library, by module name. */
    private static TreeMap<String, Path> tremorModules() throws IOException
    {
        final TreeMap<String, Path> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(LIB))
        {
            files.filter(f -> f.toString().endsWith(".tremor")).forEach(f ->
            {
                final String rel = LIB.relativize(f).toString();
                final String name = rel.substring(0, rel.length() - ".tremor".length()).replace('/', ':').replace(":",
                    "::");
                if (name.equals("std") || name.equals("tremor") || name.startsWith("std::") || name.startsWith("tremor::"))
                {
                    out.put(name, f);
                }
            });
        }
        return out;
    }

    /** The names a module declares: {@code fn name/arity}, {@code intrinsic name/arity -> target}, {@code const}, {@code use}. */
    private static Set<String> declarations(final String source)
    {
        final Set<String> out = new TreeSet<>();
        for (final Stmt stmt : Parser.parseModule(source).statements())
        {
            switch (stmt)
            {
                case Stmt.Fn f -> out.add("fn " + f.name() + "/" + f.args().size() + (f.open() ? "+" : ""));
                case Stmt.Intrinsic i -> out.add("fn " + i.name() + "/" + i.args().size() + (i.open() ? "+" : "") + " -> " +
                    String.join("::", i.target()));
                case Stmt.Const c -> out.add("const " + c.name());
                case Stmt.Use u -> u.targets().forEach(t -> out.add("use " + String.join("::", t.path())));
                default -> out.add(stmt.getClass().getSimpleName());
            }
        }
        return out;
    }

    @Test
    void shouldDeclareWhatTremorsLibraryDeclaresWhenModulesAreBundled() throws IOException
    {
        for (final var module : tremorModules().entrySet())
        {
            if (module.getKey().equals("std::datetime::timezones"))
            {
                continue;
            }
            final String bundled = BundledModules.source(List.of(module.getKey().split("::")));
            assertNotNull(bundled, module.getKey());
            assertEquals(declarations(Files.readString(module.getValue(), StandardCharsets.UTF_8)), declarations(bundled),
                module.getKey());
        }
        assertNull(BundledModules.source(List.of("std", "nope")));
        assertNull(BundledModules.source(List.of("snot")));
    }

    @Test
    void shouldHaveTremorsValuesWhenConstantsAreBundled()
    {
        assertEquals("[9223372036854775807,-9223372036854775808,18446744073709551615,0]", TestScripts.eval("use " +
            "std::integer; [integer::signed::MAX, integer::signed::MIN, integer::unsigned::MAX, integer::unsigned::MIN]"));
        assertEquals("[\"%+\",\"%a, %d %b %Y %H:%M:%S %z\",\"%a, %d %b %Y %H:%M:%S %z\"]", TestScripts.eval("use " +
            "std::datetime::formats; [formats::RFC3339, formats::RFC2822, formats::RFC5322]"));
        assertEquals("[1000,1000000,1000000000,60000000000,3600000000000,86400000000000,604800000000000]",
            TestScripts.eval("use std::time::nanos; [nanos::NANOS_PER_MICROSECOND, nanos::NANOS_PER_MILLISECOND, " +
                "nanos::NANOS_PER_SECOND, nanos::NANOS_PER_MINUTE, nanos::NANOS_PER_HOUR, nanos::NANOS_PER_DAY, " +
                "nanos::NANOS_PER_WEEK]"));
        assertEquals("[\"json\",\"application/json\",\"*/*\",[true,false],false]", TestScripts.eval("use tremor::{mime, " +
            "windows}; [mime::MIME_TO_CODEC[\"application/json\"], mime::CODEC_TO_MIME[\"json\"], mime::ANY, " +
            "windows::EMIT_AND_EXCLUDE, windows::DONT_EMIT]"));
        assertEquals("[2048,3221225472,-2000,-1000000000,1000,true,false]", TestScripts.eval("use std::{size, range}; " +
            "use std::time::nanos; [size::kiB(2), size::GiB(3), nanos::truncate_micros(-1500), " +
            "nanos::truncate_seconds(-1), nanos::from_micros(1), range::contains(range::range(0, 5), 4), " +
            "range::contains([], 1)]"));
    }

    @Test
    void shouldNameEveryTimezoneOfTremorsLibraryWhenBundlingTimezones() throws IOException
    {
        final Set<String> ours = declarations(BundledModules.source(List.of("std", "datetime", "timezones")));
        final Set<String> tremors = declarations(Files.readString(LIB.resolve("std/datetime/timezones.tremor"),
            StandardCharsets.UTF_8));
        final Set<String> missing = new TreeSet<>(tremors);
        missing.removeAll(ours);
        assertEquals(Set.of(), missing);
        assertEquals("ETC_GMT_MINUS_1", BundledModules.constantName("Etc/GMT-1"));
        assertEquals("AMERICA_PORT_AU_PRINCE", BundledModules.constantName("America/Port-au-Prince"));
        assertEquals("GMT_PLUS_0", BundledModules.constantName("GMT+0"));
        assertEquals("true", TestScripts.eval("use std::datetime::timezones; timezones::EUROPE_BERLIN >= 0"));
    }

    @Test
    void shouldDeclareEveryBuiltinOfTheirModulesWhenBundling()
    {
        final Set<String> declared = new TreeSet<>();
        for (final String[] module : BundledModules.INTRINSICS)
        {
            final String last = module[0].substring(module[0].lastIndexOf(':') + 1);
            for (int i = 1; i < module.length; i++)
            {
                declared.add(last + "::" + module[i].substring(0, module[i].indexOf('/')));
            }
        }
        final Set<String> implemented = new TreeSet<>(Stdlib.names());
        final Set<String> notImplemented = new TreeSet<>(declared);
        notImplemented.removeAll(implemented);
        assertEquals(new TreeSet<>(BundledModules.UNIMPLEMENTED), notImplemented);
        // builtins of other libraries (cncf, google) and Temblor's extras are not part of std and tremor
        final Set<String> undeclared = new TreeSet<>(implemented);
        undeclared.removeAll(declared);
        undeclared.removeIf(n -> n.startsWith("cncf_otel::") || n.startsWith("google_logging::"));
        assertEquals(Set.of("string::ends_with", "string::starts_with"), undeclared);
        assertTrue(BundledModules.UNIMPLEMENTED.isEmpty());
    }

    @Test
    void shouldNumberZonesAsTremorWhenUsingBundledTimezones() throws IOException
    {
        // given: Tremor's constants, e.g. `const EUROPE_BERLIN = 432;`
        final List<String> tremors = new ArrayList<>();
        for (final String line : Files.readAllLines(LIB.resolve("std/datetime/timezones.tremor"), StandardCharsets.UTF_8))
        {
            if (line.startsWith("const "))
            {
                tremors.add(line);
            }
        }
        // then: the bundled module (no library on the module path) declares the same numbers
        final List<String> ours = BundledModules.source(List.of("std", "datetime", "timezones")).lines()
            .filter(l -> l.startsWith("const ")).toList();
        assertEquals(tremors, ours);
        assertEquals("[1,9,432]", run("use std::datetime; use std::datetime::timezones; [datetime::hour(" +
            "datetime::with_timezone(0, timezones::EUROPE_BERLIN)), datetime::hour(datetime::with_timezone(0, " +
            "timezones::ASIA_TOKYO)), timezones::EUROPE_BERLIN]"));
    }

    /** Runs a script with the bundled modules only (an empty module path) on a null event. */
    private static String run(final String script)
    {
        try (ScriptInstance instance = ScriptCompiler.compile(script, List.of()).newInstance())
        {
            return TestScripts.emitOnNull(instance);
        }
    }

    @Test
    void shouldLetTheModulePathReplaceOrExtendWhenFoldersDefineStdModules(@TempDir final Path dir) throws IOException
    {
        Files.createDirectories(dir.resolve("std"));
        Files.writeString(dir.resolve("std/string.tremor"), "fn len(s) with \"mine\" end;\n");
        Files.writeString(dir.resolve("std/extra.tremor"), "use std::array;\nfn twice(a) with a + a end;\n" +
            "fn size(a) with array::len(a) end;\n");
        final String out = run("use std::{string, extra, re}; [string::len(\"abc\"), extra::twice([1]), " +
            "extra::size([1, 2]), re::is_match(\"b\", \"abc\")]", List.of(dir));
        assertEquals("[\"mine\",[1,1],2,true]", out);
        final CompileError missing = assertThrows(CompileError.class, () -> ScriptCompiler.compile("use std::string; " +
            "string::uppercase(\"a\")", List.of(dir)));
        assertEquals("Call to undefined function string::uppercase", missing.getMessage());
        assertEquals("[\"ABC\",3]", run("use std::string; [string::uppercase(\"abc\"), string::len(\"abc\")]",
            List.of()));
    }

    @Test
    void shouldUseTremorsDeclarationsWhenItsLibraryIsOnThePath()
    {
        final List<String> differ = new ArrayList<>();
        for (final Path dir : ScriptCases.cases("tests/scripts"))
        {
            final boolean bundled = ScriptCases.runScript(dir, List.of(dir)).passed();
            final boolean tremors = ScriptCases.runScript(dir, ScriptCases.withTremorLib(dir)).passed();
            if (bundled != tremors)
            {
                differ.add(dir.getFileName() + (bundled ? " passes only with the bundled modules" :
                    " passes only with Tremor's library"));
            }
        }
        assertEquals(List.of(), differ);
    }

    private static String run(final String source, final List<Path> path)
    {
        try (var instance = ScriptCompiler.compile(source, path).newInstance();
            var parser = new io.temblor.json.JsonParser(); var sink = new io.temblor.offheap.ByteSink())
        {
            final byte[] event = "null".getBytes(StandardCharsets.UTF_8);
            parser.parse(event, 0, event.length);
            instance.run(parser.tape());
            instance.writeValue(sink);
            return new String(sink.toByteArray(), StandardCharsets.UTF_8);
        }
    }
}
