package io.temblor.engine.runtime;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The agents of one runtime thread, run in turn on each duty cycle (like Agrona's {@code CompositeAgent}), with two
 * additions the runtime needs: an agent that throws is reported by its role name and the others still run (the error
 * handler gets it; the agent is called again next cycle), and the thread publishes how many duty cycles it completed, which
 * the drain reads to know that every thread has run a whole cycle since it last looked at the rings.
 */
final class AgentGroup implements Agent
{
    private final String name;
    private final Agent[] agents;
    private final BiConsumer<Agent, Throwable> errors;
    private final AtomicLong cycles = new AtomicLong();

    AgentGroup(final String name, final List<Agent> agents, final BiConsumer<Agent, Throwable> errors)
    {
        this.name = name;
        this.agents = agents.toArray(new Agent[0]);
        this.errors = errors;
    }

    @Override
    public void onStart()
    {
        for (final Agent agent : agents)
        {
            try
            {
                agent.onStart();
            }
            catch (final AgentTerminationException ex)
            {
                throw ex;
            }
            catch (final Throwable ex)
            {
                errors.accept(agent, ex);
            }
        }
    }

    @Override
    public int doWork()
    {
        int work = 0;
        for (final Agent agent : agents)
        {
            try
            {
                work += agent.doWork();
            }
            catch (final AgentTerminationException ex)
            {
                throw ex;
            }
            catch (final Throwable ex)
            {
                errors.accept(agent, ex);
                work++;
            }
        }
        cycles.setRelease(cycles.getPlain() + 1);
        return work;
    }

    @Override
    public void onClose()
    {
        for (final Agent agent : agents)
        {
            try
            {
                agent.onClose();
            }
            catch (final Throwable ex)
            {
                errors.accept(agent, ex);
            }
        }
    }

    /** @return duty cycles completed (read from any thread). */
    long cycles()
    {
        return cycles.getAcquire();
    }

    /** @return the agents' role names. */
    String members()
    {
        final StringBuilder out = new StringBuilder();
        for (final Agent agent : agents)
        {
            out.append(out.isEmpty() ? "" : ", ").append(agent.roleName());
        }
        return out.toString();
    }

    @Override
    public String roleName()
    {
        return name;
    }
}
