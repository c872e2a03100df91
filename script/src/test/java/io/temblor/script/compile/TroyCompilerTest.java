package io.temblor.script.compile;

import io.temblor.script.error.CompileError;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TroyCompilerTest
{
    private static CompiledDeployment compile(final String source)
    {
        return TroyCompiler.compile(source, List.of(), name -> null);
    }

    private static final String FLOW = """
        define flow main
        args
          ival = 5
        flow
          define connector metronome from metronome
          args
            interval
          with
            codec = "json",
            config = {"interval": args.interval}
          end;
          define pipeline p
          into out, extra
          args
            snot = "badger"
          pipeline
            select args.snot from in into out;
          end;
          create connector metronome with interval = args.ival * 2 end;
          create pipeline one from p with snot = "x" end;
          create pipeline two from p;
          connect /connector/metronome to /pipeline/one;
          connect /pipeline/one/extra to /pipeline/two/in;
          connect /pipeline/two to /connector/metronome;
        end;
        deploy flow a from main with ival = 7 end;
        """;

    @Test
    void shouldEvaluateArgumentsAndConnectorParametersWhenDeploying()
    {
        // when
        final CompiledDeployment d = compile(FLOW);
        // then
        final CompiledDeployment.Flow flow = d.flows().getFirst();
        assertEquals("a", flow.alias());
        assertEquals("{\"ival\":7}", flow.args());
        final CompiledDeployment.Connector c = flow.connectors().getFirst();
        assertEquals("metronome", c.type());
        assertEquals(Map.of("codec", "\"json\"", "config", "{\"interval\":14}"), c.with());
        assertEquals("{\"snot\":\"x\"}", flow.pipelines().get(0).args());
        assertEquals("{\"snot\":\"badger\"}", flow.pipelines().get(1).args());
    }

    @Test
    void shouldFillInTremorsDefaultPortsWhenConnecting()
    {
        final List<CompiledDeployment.Connection> connections = compile(FLOW).flows().getFirst().connections();
        assertEquals(new CompiledDeployment.Endpoint("connector", "metronome", "out"), connections.get(0).from());
        assertEquals(new CompiledDeployment.Endpoint("pipeline", "one", "in"), connections.get(0).to());
        assertEquals(new CompiledDeployment.Endpoint("pipeline", "one", "extra"), connections.get(1).from());
        assertEquals(new CompiledDeployment.Endpoint("connector", "metronome", "in"), connections.get(2).to());
    }

    @Test
    void shouldRejectAPortThePipelineDoesNotHave()
    {
        final String source = FLOW.replace("/pipeline/two/in", "/pipeline/two/nope");
        final CompileError e = assertThrows(CompileError.class, () -> compile(source));
        assertEquals("Pipeline two has no input port `nope`, it has: in", e.getMessage());
    }

    @Test
    void shouldRejectAConnectionToAnInstanceNotCreated()
    {
        final String source = FLOW.replace("connect /pipeline/two to", "connect /pipeline/three to");
        final CompileError e = assertThrows(CompileError.class, () -> compile(source));
        assertEquals("Pipeline three not found in: one, two", e.getMessage());
    }

    @Test
    void shouldRejectADefinitionMadeTwice()
    {
        final String source = "define flow f flow define pipeline p pipeline select event from in into out; end;\n" +
            "define pipeline p pipeline select event from in into out; end; end;";
        final CompileError e = assertThrows(CompileError.class, () -> compile(source));
        assertEquals("Can't define the pipeline `p` twice", e.getMessage());
    }

    @Test
    void shouldReportAMissingArgumentOfACreatedConnector()
    {
        final String source = FLOW.replace("create connector metronome with interval = args.ival * 2 end;",
            "create connector metronome;");
        final CompileError e = assertThrows(CompileError.class, () -> compile(source));
        assertEquals("Missing required argument: interval", e.getMessage());
    }

    @Test
    void shouldKeepConfigDirectivesAsJson()
    {
        final CompiledDeployment d = compile("#!config metrics_interval_s = 10\ndefine flow f flow use std; end;\n");
        assertEquals(Map.of("metrics_interval_s", "10"), d.config());
        assertTrue(d.flows().isEmpty());
    }

    @Test
    void shouldDeployTheEntryFlowWithItsArgumentsWhenTheFileDeploysNothing()
    {
        final String source = FLOW.substring(0, FLOW.indexOf("deploy flow"));
        final CompiledDeployment d = TroyCompiler.compile(source, List.of(), name -> null, "main", "{\"ival\": 1}");
        assertEquals("{\"ival\":1}", d.flows().getFirst().args());
    }
}
