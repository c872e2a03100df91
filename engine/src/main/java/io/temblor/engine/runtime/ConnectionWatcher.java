package io.temblor.engine.runtime;

import io.temblor.engine.log.Log;
import io.temblor.transport.TcpClientAgent;
import io.temblor.transport.TcpServerAgent;
import org.agrona.concurrent.Agent;

import java.util.ArrayList;
import java.util.List;

/**
 * Logs the connections of a run's TCP connectors (accepted, closed, connected, failed attempts) from a thread of its
 * own, by polling the transport agents' counters every {@link #PERIOD_MS} ms, so that no log is written on the duty
 * cycle. Started and stopped by {@link FlowRuntime#run}.
 */
final class ConnectionWatcher implements Runnable
{
    /** How often the counters are read. */
    static final long PERIOD_MS = 500;

    private final List<Watched> watched = new ArrayList<>();
    private final Thread thread;

    private record Watched(String component, Agent agent, long[] last)
    {
    }

    ConnectionWatcher(final RuntimeMetrics metrics)
    {
        for (final RuntimeMetrics.ConnectorEntry c : metrics.connectors())
        {
            for (final Agent agent : c.agents())
            {
                if (agent instanceof TcpServerAgent || agent instanceof TcpClientAgent)
                {
                    watched.add(new Watched("connector/" + c.alias(), agent, new long[3]));
                }
            }
        }
        thread = new Thread(this, "temblor-connections");
        thread.setDaemon(true);
    }

    void start()
    {
        if (!watched.isEmpty())
        {
            thread.start();
        }
    }

    /** Stops the thread after a last look at the counters. */
    void stop()
    {
        thread.interrupt();
        try
        {
            thread.join(PERIOD_MS * 2);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run()
    {
        try
        {
            while (!Thread.currentThread().isInterrupted())
            {
                Thread.sleep(PERIOD_MS);
                poll();
            }
        }
        catch (final InterruptedException ex)
        {
            poll();
        }
    }

    private void poll()
    {
        for (final Watched w : watched)
        {
            if (w.agent() instanceof TcpServerAgent server)
            {
                report(w, 0, server.acceptedConnections(), "connections accepted", Log.Level.INFO);
                report(w, 1, server.disconnects(), "connections closed", Log.Level.INFO);
            }
            else if (w.agent() instanceof TcpClientAgent client)
            {
                report(w, 0, client.connects(), "connected", Log.Level.INFO);
                report(w, 1, client.disconnects(), "disconnected", Log.Level.WARN);
                report(w, 2, client.connectFailures(), "connection attempts failed", Log.Level.WARN);
            }
        }
    }

    private static void report(final Watched w, final int at, final long total, final String message,
        final Log.Level level)
    {
        if (total != w.last()[at])
        {
            Log.log(level, w.component(), message, "count", total - w.last()[at], "total", total);
            w.last()[at] = total;
        }
    }
}
