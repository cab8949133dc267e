/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.agent;

import org.junit.jupiter.api.Test;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A program written outside the repository and compiled against fabric.jar alone, as a user would: accounts holding
 * longs and references to other shared objects, transfers under {@code synchronized} in 4 threads, exact totals.
 */
class ExternalProgramIT
{
    private static final String LEDGER = String.join("\n",
        "package bank;",
        "",
        "import io.memfabric.annotations.Shared;",
        "",
        "@Shared",
        "public class Ledger",
        "{",
        "    public Account first;",
        "    public long transfers;",
        "}");

    private static final String ACCOUNT = String.join("\n",
        "package bank;",
        "",
        "import io.memfabric.annotations.Shared;",
        "",
        "@Shared",
        "public class Account",
        "{",
        "    public long balance;",
        "    public Account next;",
        "    public String name;",
        "}");

    private static final String MAIN = String.join("\n",
        "package bank;",
        "",
        "import io.memfabric.Fabric;",
        "import io.memfabric.annotations.Shared;",
        "",
        "public class Bank",
        "{",
        "    @Shared(\"fabric://bank/ledger\") static Ledger ledger = new Ledger();",
        "",
        "    public static void main(String[] args) throws Exception",
        "    {",
        "        final int accounts = 8;",
        "        Account[] all = new Account[accounts];",
        "        Account previous = null;",
        "        for (int i = accounts - 1; i >= 0; i--)",
        "        {",
        "            Account a = new Account();",
        "            a.balance = 1_000;",
        "            a.name = \"acct-\" + i;",
        "            a.next = previous;",
        "            previous = a;",
        "            all[i] = a;",
        "        }",
        "        ledger.first = previous;",
        "        Thread[] threads = new Thread[4];",
        "        for (int t = 0; t < threads.length; t++)",
        "        {",
        "            final int seed = t;",
        "            threads[t] = new Thread(() -> {",
        "                java.util.Random random = new java.util.Random(seed);",
        "                for (int i = 0; i < 25_000; i++)",
        "                {",
        "                    Account from = all[random.nextInt(accounts)];",
        "                    Account to = all[random.nextInt(accounts)];",
        "                    synchronized (ledger) { ledger.transfers++; }",
        "                    if (from == to) continue;",
        "                    Account lo = System.identityHashCode(from) < System.identityHashCode(to) ? from : to;",
        "                    Account hi = lo == from ? to : from;",
        "                    synchronized (lo) { synchronized (hi) {",
        "                        long amount = 1 + random.nextInt(50);",
        "                        if (from.balance >= amount) { from.balance -= amount; to.balance += amount; }",
        "                    } }",
        "                }",
        "            });",
        "            threads[t].start();",
        "        }",
        "        for (Thread t : threads) t.join();",
        "        long total = 0; int count = 0;",
        "        for (Account a = ledger.first; a != null; a = a.next) { total += a.balance; count++; }",
        "        Fabric fabric = Fabric.current();",
        "        boolean allShared = true;",
        "        for (Account a : all) allShared &= fabric.isShared(a);",
        "        System.out.println(\"accounts=\" + count + \" total=\" + total + \" transfers=\" + ledger.transfers",
        "            + \" allShared=\" + allShared + \" \" + fabric.stats());",
        "        System.exit(total == accounts * 1_000L && ledger.transfers == 100_000 && allShared ? 0 : 1);",
        "    }",
        "}");

    @Test
    void transfersUnderSynchronizedInFourThreadsEndWithExactTotals() throws Exception
    {
        final Path dir = Files.createDirectories(JvmProcess.WORK_DIR.resolve("external-bank"));
        final Path sources = Files.createDirectories(dir.resolve("src/bank"));
        final Path classes = Files.createDirectories(dir.resolve("classes"));
        Files.writeString(sources.resolve("Ledger.java"), LEDGER);
        Files.writeString(sources.resolve("Account.java"), ACCOUNT);
        Files.writeString(sources.resolve("Bank.java"), MAIN);

        final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        final ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        final int compiled = javac.run(null, diagnostics, diagnostics, "--release", "17",
            "-cp", JvmProcess.AGENT_JAR.toString(), "-d", classes.toString(),
            sources.resolve("Ledger.java").toString(), sources.resolve("Account.java").toString(),
            sources.resolve("Bank.java").toString());
        assertEquals(0, compiled, diagnostics.toString());

        final JvmProcess.Result result = JvmProcess.main("bank.Bank").classPathOnly(classes.toString()).run();

        assertEquals(0, result.exitCode(), result.describe());
        assertTrue(result.output().contains("accounts=8 total=8000 transfers=100000 allShared=true"),
            result.describe());
    }
}
