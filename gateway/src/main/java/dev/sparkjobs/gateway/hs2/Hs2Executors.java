package dev.sparkjobs.gateway.hs2;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The door's background threads: a bounded pool for asynchronous statements (a full queue refuses
 * new ones rather than growing) and a timer for statement timeouts.
 */
final class Hs2Executors
        implements AutoCloseable
{
    private final ThreadPoolExecutor statements;
    private final ScheduledExecutorService timer;

    Hs2Executors(int threads, int queue)
    {
        statements = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(queue), daemons("hs2-statement-"));
        statements.allowCoreThreadTimeOut(true);
        timer = Executors.newSingleThreadScheduledExecutor(daemons("hs2-timer-"));
    }

    static ThreadFactory daemons(String prefix)
    {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    ExecutorService statements()
    {
        return statements;
    }

    ScheduledExecutorService timer()
    {
        return timer;
    }

    @Override
    public void close()
    {
        timer.shutdownNow();
        statements.shutdownNow();
    }
}
