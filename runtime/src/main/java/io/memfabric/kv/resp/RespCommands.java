/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv.resp;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The commands the front answers, by name, with Redis's arity rules and Redis's replies and error texts. Every
 * handler checks all its arguments before it replies, so an error never follows half a reply; whatever a handler
 * throws becomes an error reply, never a dropped connection.
 */
final class RespCommands
{
    /** Redis cuts the command name and the quoted arguments of its unknown-command error at 128 characters. */
    private static final int UNKNOWN_COMMAND_TEXT_MAX = 128;

    /**
     * Runs one command.
     */
    @FunctionalInterface
    private interface Handler
    {
        void run(RespConnection connection, RespCommand command, ReplyBuffer out);
    }

    /**
     * @param name    lower case, as errors name it.
     * @param arity   Redis's: N means exactly N arguments with the name, -N at least N.
     * @param handler what it does.
     */
    private record Command(String name, int arity, Handler handler)
    {
        boolean arityHolds(final int argc)
        {
            return arity >= 0 ? argc == arity : argc >= -arity;
        }
    }

    private final RespServer server;
    private final RespStore store;
    private final Map<String, Command> table = new HashMap<>();

    RespCommands(final RespServer server)
    {
        this.server = server;
        this.store = server.store();
        add("get", 2, this::get);
        add("set", -3, this::set);
        add("setnx", 3, this::setnx);
        add("setex", 4, (c, cmd, out) -> setex(cmd, out, "setex", 1000));
        add("psetex", 4, (c, cmd, out) -> setex(cmd, out, "psetex", 1));
        add("mget", -2, this::mget);
        add("mset", -3, this::mset);
        add("exists", -2, this::exists);
        add("del", -2, this::del);
        add("unlink", -2, this::del);
        add("strlen", 2, this::strlen);
        add("type", 2, this::type);
        add("ttl", 2, (c, cmd, out) -> ttl(cmd, out, false));
        add("pttl", 2, (c, cmd, out) -> ttl(cmd, out, true));
        add("expire", -3, (c, cmd, out) -> expire(cmd, out, "expire", 1000, false));
        add("pexpire", -3, (c, cmd, out) -> expire(cmd, out, "pexpire", 1, false));
        add("expireat", -3, (c, cmd, out) -> expire(cmd, out, "expireat", 1000, true));
        add("pexpireat", -3, (c, cmd, out) -> expire(cmd, out, "pexpireat", 1, true));
        add("persist", 2, (c, cmd, out) -> out.integer(store.persist(cmd.argString(1)) ? 1 : 0));
        add("ping", -1, this::ping);
        add("echo", 2, (c, cmd, out) -> out.bulk(cmd.argView(1)));
        add("info", -1, this::info);
        add("dbsize", 1, (c, cmd, out) -> out.integer(store.size()));
        add("select", 2, this::select);
        add("quit", -1, this::quit);
        add("flushall", -1, this::flush);
        add("flushdb", -1, this::flush);
        add("client", -2, this::client);
        add("config", -2, this::config);
        add("command", -1, this::command);
        add("hello", -1, this::hello);
        add("auth", -2, (c, cmd, out) -> out.error("ERR AUTH <password> called without any password configured " +
            "for the default user. Are you sure your configuration is correct?"));
        add("mf.pin", -2, this::pin);
        add("mf.unpin", 2, (c, cmd, out) -> out.integer(store.unpin(cmd.argString(1)) ? 1 : 0));
        add("mf.pagekey", 2, this::pageKey);
        add("mf.stats", 1, this::mfStats);
    }

    /**
     * Answers one command into the connection's replies.
     */
    void execute(final RespConnection connection, final RespCommand command, final ReplyBuffer out)
    {
        server.stats().command();
        final Command handler = table.get(command.argLowerName(0));
        if (null == handler)
        {
            error(out, unknownCommand(command));
            return;
        }
        if (!handler.arityHolds(command.argCount()))
        {
            error(out, RespError.wrongArity(handler.name()).errorLine());
            return;
        }
        if (command.failure() != null)
        {
            error(out, command.failure());
            return;
        }
        try
        {
            handler.handler().run(connection, command, out);
        }
        catch (final RespError ex)
        {
            error(out, ex.errorLine());
        }
        catch (final RespStoreException ex)
        {
            error(out, ex.errorLine());
        }
        catch (final RuntimeException ex)
        {
            server.onError("'" + handler.name() + "' failed", ex);
            error(out, "ERR internal error in '" + handler.name() + "': " + ex);
        }
    }

    /**
     * @return how many commands the front knows (COMMAND COUNT).
     */
    int count()
    {
        return table.size();
    }

    private void add(final String name, final int arity, final Handler handler)
    {
        table.put(name, new Command(name, arity, handler));
    }

    private void error(final ReplyBuffer out, final String errorLine)
    {
        server.stats().errorReply();
        out.error(errorLine);
    }

    /**
     * Redis's text: {@code ERR unknown command 'x', with args beginning with: 'a' 'b' }, quoting arguments while the
     * quoted text is shorter than 128 characters, each cut to what is left of them.
     */
    static String unknownCommand(final RespCommand command)
    {
        final StringBuilder text = new StringBuilder("ERR unknown command '");
        final String name = command.argString(0);
        text.append(name, 0, Math.min(name.length(), UNKNOWN_COMMAND_TEXT_MAX));
        text.append("', with args beginning with: ");
        final StringBuilder args = new StringBuilder();
        for (int i = 1; i < command.argCount() && args.length() < UNKNOWN_COMMAND_TEXT_MAX; i++)
        {
            final int room = UNKNOWN_COMMAND_TEXT_MAX - args.length();
            final int length = Math.min(room, command.argLength(i));
            final String arg = length < RespParser.LARGE_ARG_BYTES ? command.argString(i) : "";
            args.append('\'').append(arg, 0, Math.min(length, arg.length())).append("' ");
        }
        return text.append(args).toString();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Strings.

    private void get(final RespConnection connection, final RespCommand command, final ReplyBuffer out)
    {
        final RespValue value = store.get(command.argString(1));
        reply(out, value);
    }

    private void reply(final ReplyBuffer out, final RespValue value)
    {
        if (null == value)
        {
            out.nil();
            return;
        }
        server.stats().valueServed(value.length());
        out.value(value);
    }

    private void set(final RespConnection connection, final RespCommand command, final ReplyBuffer out)
    {
        final String key = command.argString(1);
        int flags = 0;
        boolean get = false;
        boolean expirySeen = false;
        long expireAtMs = RespStore.NO_EXPIRY;
        final long now = store.nowMs();
        for (int i = 3; i < command.argCount(); i++)
        {
            final boolean hasNext = i + 1 < command.argCount();
            if (command.argIs(i, "NX") && (flags & RespStore.SET_IF_PRESENT) == 0)
            {
                flags |= RespStore.SET_IF_ABSENT;
            }
            else if (command.argIs(i, "XX") && (flags & RespStore.SET_IF_ABSENT) == 0)
            {
                flags |= RespStore.SET_IF_PRESENT;
            }
            else if (command.argIs(i, "GET"))
            {
                get = true;
            }
            else if (command.argIs(i, "KEEPTTL") && !expirySeen)
            {
                flags |= RespStore.SET_KEEP_TTL;
                expirySeen = true;
            }
            else if (!expirySeen && hasNext &&
                (command.argIs(i, "EX") || command.argIs(i, "PX") || command.argIs(i, "EXAT") ||
                command.argIs(i, "PXAT")))
            {
                final boolean seconds = command.argIs(i, "EX") || command.argIs(i, "EXAT");
                final boolean absolute = command.argIs(i, "EXAT") || command.argIs(i, "PXAT");
                expireAtMs = expireAt(command.argLong(i + 1), seconds ? 1000 : 1, absolute, now, "set");
                expirySeen = true;
                i++;
            }
            else
            {
                throw RespError.syntax();
            }
        }
        final RespValueWriter value = command.takeValue(2, store, key);
        if (get)
        {
            reply(out, store.setAndGet(key, value, expireAtMs, flags));
        }
        else if (store.set(key, value, expireAtMs, flags))
        {
            out.ok();
        }
        else
        {
            out.nil();
        }
    }

    private void setnx(final RespConnection connection, final RespCommand command, final ReplyBuffer out)
    {
        final String key = command.argString(1);
        final RespValueWriter value = command.takeValue(2, store, key);
        out.integer(store.set(key, value, RespStore.NO_EXPIRY, RespStore.SET_IF_ABSENT) ? 1 : 0);
    }

    private void setex(final RespCommand command, final ReplyBuffer out, final String name, final long unitMs)
    {
        final String key = command.argString(1);
        final long expireAtMs = expireAt(command.argLong(2), unitMs, false, store.nowMs(), name);
        final RespValueWriter value = command.takeValue(3, store, key);
        store.set(key, value, expireAtMs, 0);
        out.ok();
    }

    /**
     * @param time       the number the client gave.
     * @param unitMs     1000 for seconds, 1 for milliseconds.
     * @param absolute   whether it is a Unix time rather than a time to live.
     * @param now        epoch milliseconds now.
     * @param command    for the error text.
     * @return the expiry in epoch milliseconds; SET requires it positive (else "invalid expire time").
     */
    private static long expireAt(
        final long time, final long unitMs, final boolean absolute, final long now, final String command)
    {
        if (time <= 0 || time > Long.MAX_VALUE / unitMs)
        {
            throw RespError.invalidExpireTime(command);
        }
        final long ms = time * unitMs;
        if (absolute)
        {
            return ms;
        }
        if (ms > Long.MAX_VALUE - now)
        {
            throw RespError.invalidExpireTime(command);
        }
        return now + ms;
    }

    private void mget(final RespConnection connection, final RespCommand command, final ReplyBuffer out)
    {
        final int keys = command.argCount() - 1;
        final RespValue[] values = new RespValue[keys];
        try
        {
            for (int i = 0; i < keys; i++)
            {
                values[i] = store.get(command.argString(i + 1));
            }
        }
        catch (final RuntimeException ex)
        {
            closeAll(values);
            throw ex;
        }
        out.arrayHeader(keys);
        for (int i = 0; i < keys; i++)
        {
            reply(out, values[i]);
        }
    }

    private void mset(final RespConnection connection, final RespCommand command, final ReplyBuffer out)
    {
        if (0 == (command.argCount() & 1))
        {
            throw RespError.wrongArity("mset");
        }
        final int pairs = (command.argCount() - 1) / 2;
        final RespValueWriter[] values = new RespValueWriter[pairs];
        final String[] keys = new String[pairs];
        try
        {
            // Every value is reserved before any is stored, so a lack of room fails MSET as a whole.
            for (int i = 0; i < pairs; i++)
            {
                keys[i] = command.argString(1 + 2 * i);
                values[i] = command.takeValue(2 + 2 * i, store, keys[i]);
            }
            for (int i = 0; i < pairs; i++)
            {
                final RespValueWriter value = values[i];
                values[i] = null;
                store.set(keys[i], value, RespStore.NO_EXPIRY, 0);
            }
        }
        finally
        {
            for (final RespValueWriter value : values)
            {
                if (value != null)
                {
                    value.close();
                }
            }
        }
        out.ok();
    }

    private void exists(final RespConnection connection, final RespCommand command, final ReplyBuffer out)
    {
        long count = 0;
        for (int i = 1; i < command.argCount(); i++)
        {
            if (store.exists(command.argString(i)))
            {
                count++;
            }
        }
        out.integer(count);
    }

    private void del(final RespConnection connection, final RespCommand command, final ReplyBuffer out)
    {
        long count = 0;
        for (int i = 1; i < command.argCount(); i++)
        {
            if (store.delete(command.argString(i)))
            {
                count++;
            }
        }
        out.integer(count);
    }

    private void strlen(final RespConnection connection, final RespCommand command, final ReplyBuffer out)
    {
        final RespValue value = store.get(command.argString(1));
        if (null == value)
        {
            out.integer(0);
            return;
        }
        try
        {
            out.integer(value.length());
        }
        finally
        {
            value.close();
        }
    }

    private void type(final RespConnection connection, final RespCommand command, final ReplyBuffer out)
    {
        out.simple(store.exists(command.argString(1)) ? "string" : "none");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Expiry and pins.

    private void ttl(final RespCommand command, final ReplyBuffer out, final boolean ms)
    {
        final long ttl = store.ttlMs(command.argString(1));
        if (ttl < 0 || ms)
        {
            out.integer(ttl);
        }
        else
        {
            // Redis rounds to the nearest second.
            out.integer((ttl + 500) / 1000);
        }
    }

    private void expire(
        final RespCommand command, final ReplyBuffer out, final String name, final long unitMs, final boolean absolute)
    {
        final long time = command.argLong(2);
        int flags = 0;
        for (int i = 3; i < command.argCount(); i++)
        {
            if (command.argIs(i, "NX"))
            {
                flags |= RespStore.EXPIRE_IF_NONE;
            }
            else if (command.argIs(i, "XX"))
            {
                flags |= RespStore.EXPIRE_IF_SOME;
            }
            else if (command.argIs(i, "GT"))
            {
                flags |= RespStore.EXPIRE_IF_LATER;
            }
            else if (command.argIs(i, "LT"))
            {
                flags |= RespStore.EXPIRE_IF_EARLIER;
            }
            else
            {
                throw new RespError("ERR Unsupported option " + command.argString(i));
            }
        }
        if ((flags & RespStore.EXPIRE_IF_NONE) != 0 && flags != RespStore.EXPIRE_IF_NONE)
        {
            throw new RespError("ERR NX and XX, GT or LT options at the same time are not compatible");
        }
        if ((flags & RespStore.EXPIRE_IF_LATER) != 0 && (flags & RespStore.EXPIRE_IF_EARLIER) != 0)
        {
            throw new RespError("ERR GT and LT options at the same time are not compatible");
        }
        final long now = store.nowMs();
        if (time > Long.MAX_VALUE / unitMs || time < Long.MIN_VALUE / unitMs)
        {
            throw RespError.invalidExpireTime(name);
        }
        long at = time * unitMs;
        if (!absolute)
        {
            if ((at > 0 && at > Long.MAX_VALUE - now) || (at < 0 && at < Long.MIN_VALUE + now))
            {
                throw RespError.invalidExpireTime(name);
            }
            at += now;
        }
        // A time not in the future deletes the key; epoch 0 must not be taken for NO_EXPIRY, so it becomes -1.
        final long when = RespStore.NO_EXPIRY == at ? -1 : at;
        out.integer(store.expire(command.argString(1), when, flags) ? 1 : 0);
    }

    private void pin(final RespConnection connection, final RespCommand command, final ReplyBuffer out)
    {
        if (command.argCount() > 3)
        {
            throw RespError.wrongArity("mf.pin");
        }
        long until = RespStore.NO_EXPIRY;
        if (3 == command.argCount())
        {
            until = expireAt(command.argLong(2), 1, false, store.nowMs(), "mf.pin");
        }
        out.integer(store.pin(command.argString(1), until) ? 1 : 0);
    }

    private void pageKey(final RespConnection connection, final RespCommand command, final ReplyBuffer out)
    {
        final String where = store.locate(command.argString(1));
        if (null == where)
        {
            out.nil();
        }
        else
        {
            out.bulk(where);
        }
    }

    private void mfStats(final RespConnection connection, final RespCommand command, final ReplyBuffer out)
    {
        final Map<String, Long> figures = figures();
        out.arrayHeader(2 * figures.size());
        for (final Map.Entry<String, Long> figure : figures.entrySet())
        {
            out.bulk(figure.getKey());
            out.integer(figure.getValue());
        }
    }

    private Map<String, Long> figures()
    {
        final RespStoreStats storeStats = store.stats();
        final RespServerStats stats = server.stats();
        final Map<String, Long> figures = new LinkedHashMap<>();
        figures.put("keys", storeStats.keys());
        figures.put("expiring_keys", storeStats.expiringKeys());
        figures.put("pinned_keys", storeStats.pinnedKeys());
        figures.put("value_bytes", storeStats.valueBytes());
        figures.put("capacity_bytes", storeStats.capacityBytes());
        figures.put("keyspace_hits", storeStats.hits());
        figures.put("keyspace_misses", storeStats.misses());
        figures.put("expired_keys", storeStats.expiredKeys());
        figures.put("evicted_keys", storeStats.evictedKeys());
        figures.put("value_bytes_served", stats.valueBytesServed());
        figures.put("connected_clients", (long)stats.connectedClients());
        figures.put("total_commands_processed", stats.commandsProcessed());
        figures.putAll(storeStats.details());
        return figures;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Connection and server.

    private void ping(final RespConnection connection, final RespCommand command, final ReplyBuffer out)
    {
        if (command.argCount() > 2)
        {
            throw RespError.wrongArity("ping");
        }
        if (1 == command.argCount())
        {
            out.simple("PONG");
        }
        else
        {
            out.bulk(command.argView(1));
        }
    }

    private void select(final RespConnection connection, final RespCommand command, final ReplyBuffer out)
    {
        final long db = command.argLong(1);
        if (db != 0)
        {
            throw new RespError("ERR DB index is out of range");
        }
        out.ok();
    }

    private void quit(final RespConnection connection, final RespCommand command, final ReplyBuffer out)
    {
        out.ok();
        connection.closeAfterReplies();
    }

    private void flush(final RespConnection connection, final RespCommand command, final ReplyBuffer out)
    {
        if (command.argCount() > 2 || (2 == command.argCount() && !command.argIs(1, "ASYNC") &&
            !command.argIs(1, "SYNC")))
        {
            throw RespError.syntax();
        }
        store.clear();
        out.ok();
    }

    private void client(final RespConnection connection, final RespCommand command, final ReplyBuffer out)
    {
        final int argc = command.argCount();
        if (command.argIs(1, "SETNAME"))
        {
            if (argc != 3)
            {
                throw RespError.wrongArity("client|setname");
            }
            final String name = command.argString(2);
            checkName(name, "Client names");
            connection.name(name.isEmpty() ? null : name);
            out.ok();
        }
        else if (command.argIs(1, "GETNAME"))
        {
            if (argc != 2)
            {
                throw RespError.wrongArity("client|getname");
            }
            if (null == connection.name())
            {
                out.nil();
            }
            else
            {
                out.bulk(connection.name());
            }
        }
        else if (command.argIs(1, "SETINFO"))
        {
            if (argc != 4)
            {
                throw RespError.wrongArity("client|setinfo");
            }
            final String value = command.argString(3);
            if (command.argIs(2, "LIB-NAME"))
            {
                checkName(value, "lib-name");
                connection.libInfo(value, null);
            }
            else if (command.argIs(2, "LIB-VER"))
            {
                checkName(value, "lib-ver");
                connection.libInfo(null, value);
            }
            else
            {
                throw new RespError("ERR Unrecognized option '" + command.argString(2) + "'");
            }
            out.ok();
        }
        else if (command.argIs(1, "ID"))
        {
            if (argc != 2)
            {
                throw RespError.wrongArity("client|id");
            }
            out.integer(connection.id);
        }
        else if (command.argIs(1, "INFO"))
        {
            if (argc != 2)
            {
                throw RespError.wrongArity("client|info");
            }
            out.bulk(clientLine(connection));
        }
        else if (command.argIs(1, "LIST"))
        {
            final StringBuilder list = new StringBuilder();
            for (final RespConnection client : server.clients())
            {
                list.append(clientLine(client));
            }
            out.bulk(list.toString());
        }
        else
        {
            throw new RespError("ERR unknown subcommand '" + command.argString(1) + "'. Try CLIENT HELP.");
        }
    }

    private static String clientLine(final RespConnection client)
    {
        return "id=" + client.id + " addr=" + client.remote() + " name=" + nonNull(client.name()) + " db=0" +
            " lib-name=" + nonNull(client.libName()) + " lib-ver=" + nonNull(client.libVersion()) + "\n";
    }

    private static String nonNull(final String text)
    {
        return null == text ? "" : text;
    }

    private static void checkName(final String name, final String what)
    {
        for (int i = 0; i < name.length(); i++)
        {
            final char c = name.charAt(i);
            if (c < '!' || c > '~')
            {
                throw new RespError("ERR " + what + " cannot contain spaces, newlines or special characters.");
            }
        }
    }

    private void config(final RespConnection connection, final RespCommand command, final ReplyBuffer out)
    {
        if (command.argIs(1, "GET"))
        {
            if (command.argCount() < 3)
            {
                throw RespError.wrongArity("config|get");
            }
            final Map<String, String> settings = settings();
            final Map<String, String> matched = new LinkedHashMap<>();
            for (int i = 2; i < command.argCount(); i++)
            {
                final String pattern = command.argString(i).toLowerCase(Locale.ROOT);
                for (final Map.Entry<String, String> setting : settings.entrySet())
                {
                    if (Glob.matches(pattern, setting.getKey()))
                    {
                        matched.put(setting.getKey(), setting.getValue());
                    }
                }
            }
            out.arrayHeader(2 * matched.size());
            for (final Map.Entry<String, String> setting : matched.entrySet())
            {
                out.bulk(setting.getKey());
                out.bulk(setting.getValue());
            }
        }
        else if (command.argIs(1, "RESETSTAT"))
        {
            if (command.argCount() != 2)
            {
                throw RespError.wrongArity("config|resetstat");
            }
            server.stats().reset();
            store.resetStats();
            out.ok();
        }
        else if (command.argIs(1, "SET"))
        {
            throw new RespError("ERR CONFIG SET is not supported by the MemFabric RESP front: its settings are " +
                "given when it starts (./fabric kv serve --help)");
        }
        else
        {
            throw new RespError("ERR unknown subcommand '" + command.argString(1) + "'. Try CONFIG HELP.");
        }
    }

    private Map<String, String> settings()
    {
        final RespConfig config = server.config();
        final Map<String, String> settings = new LinkedHashMap<>();
        settings.put("bind", config.bindAddress());
        settings.put("port", Integer.toString(server.port()));
        settings.put("databases", "1");
        settings.put("maxclients", Integer.toString(config.maxClients()));
        settings.put("maxmemory", Long.toString(store.stats().capacityBytes()));
        settings.put("maxmemory-policy", "allkeys-lru");
        settings.put("proto-max-bulk-len", Long.toString(config.maxValueBytes()));
        settings.put("client-query-buffer-limit", Long.toString(config.maxQueryBytes()));
        settings.put("io-threads", Integer.toString(config.ioThreads()));
        settings.put("hz", Long.toString(Math.max(1, 1000 / config.sweepIntervalMs())));
        settings.put("save", "");
        settings.put("appendonly", "no");
        settings.put("timeout", "0");
        return settings;
    }

    private void command(final RespConnection connection, final RespCommand command, final ReplyBuffer out)
    {
        if (1 == command.argCount() || command.argIs(1, "DOCS"))
        {
            // redis-cli asks for the docs to show hints; none is a valid answer.
            out.arrayHeader(0);
        }
        else if (command.argIs(1, "COUNT"))
        {
            out.integer(count());
        }
        else if (command.argIs(1, "LIST"))
        {
            final List<String> names = new ArrayList<>(table.keySet());
            names.sort(null);
            out.arrayHeader(names.size());
            for (final String name : names)
            {
                out.bulk(name);
            }
        }
        else if (command.argIs(1, "INFO"))
        {
            out.arrayHeader(command.argCount() - 2);
            for (int i = 2; i < command.argCount(); i++)
            {
                out.nil();
            }
        }
        else
        {
            throw new RespError("ERR unknown subcommand '" + command.argString(1) + "'. Try COMMAND HELP.");
        }
    }

    private void hello(final RespConnection connection, final RespCommand command, final ReplyBuffer out)
    {
        String name = null;
        if (command.argCount() >= 2)
        {
            final long version;
            try
            {
                version = command.argLong(1);
            }
            catch (final RespError ex)
            {
                throw new RespError("ERR Protocol version is not an integer or out of range");
            }
            for (int i = 2; i < command.argCount(); i++)
            {
                if (command.argIs(i, "AUTH") && command.argCount() - i - 1 >= 2)
                {
                    // No authentication: every client may connect, as a Redis default user without a password.
                    i += 2;
                }
                else if (command.argIs(i, "SETNAME") && command.argCount() - i - 1 >= 1)
                {
                    name = command.argString(++i);
                    checkName(name, "Client names");
                }
                else
                {
                    throw new RespError("ERR Syntax error in HELLO option '" + command.argString(i) + "'");
                }
            }
            if (version != 2)
            {
                // RESP3 is not spoken here; clients that try it fall back to RESP2 on this error.
                throw new RespError("NOPROTO unsupported protocol version");
            }
        }
        if (name != null)
        {
            connection.name(name.isEmpty() ? null : name);
        }
        out.arrayHeader(16);
        out.bulk("server");
        out.bulk("redis");
        out.bulk("version");
        out.bulk(RespServer.REDIS_VERSION);
        out.bulk("proto");
        out.integer(2);
        out.bulk("id");
        out.integer(connection.id);
        out.bulk("mode");
        out.bulk("standalone");
        out.bulk("role");
        out.bulk("master");
        out.bulk("modules");
        out.arrayHeader(0);
        out.bulk("memfabric");
        out.bulk("resp-front");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // INFO.

    private void info(final RespConnection connection, final RespCommand command, final ReplyBuffer out)
    {
        final List<String> sections = new ArrayList<>();
        if (1 == command.argCount())
        {
            sections.add("default");
        }
        for (int i = 1; i < command.argCount(); i++)
        {
            sections.add(command.argString(i).toLowerCase(Locale.ROOT));
        }
        final boolean all = sections.contains("default") || sections.contains("all") ||
            sections.contains("everything");
        final RespStoreStats storeStats = store.stats();
        final RespServerStats stats = server.stats();
        final RespConfig config = server.config();
        final StringBuilder text = new StringBuilder();
        if (all || sections.contains("server"))
        {
            section(text, "Server");
            line(text, "redis_version", RespServer.REDIS_VERSION);
            line(text, "memfabric_front", "resp");
            line(text, "redis_mode", "standalone");
            line(text, "os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " +
                System.getProperty("os.arch"));
            line(text, "arch_bits", System.getProperty("sun.arch.data.model", "64"));
            line(text, "multiplexing_api", "java.nio");
            line(text, "java_version", System.getProperty("java.version"));
            line(text, "process_id", ProcessHandle.current().pid());
            line(text, "run_id", server.runId());
            line(text, "tcp_port", server.port());
            line(text, "server_time_usec", System.currentTimeMillis() * 1000);
            line(text, "uptime_in_seconds", server.uptimeSeconds());
            line(text, "uptime_in_days", server.uptimeSeconds() / 86_400);
            line(text, "hz", Math.max(1, 1000 / config.sweepIntervalMs()));
            line(text, "io_threads_active", config.ioThreads());
        }
        if (all || sections.contains("clients"))
        {
            section(text, "Clients");
            line(text, "connected_clients", stats.connectedClients());
            line(text, "maxclients", config.maxClients());
            line(text, "blocked_clients", 0);
        }
        if (all || sections.contains("memory"))
        {
            section(text, "Memory");
            line(text, "used_memory", storeStats.valueBytes());
            line(text, "used_memory_human", human(storeStats.valueBytes()));
            line(text, "maxmemory", storeStats.capacityBytes());
            line(text, "maxmemory_human", human(storeStats.capacityBytes()));
            line(text, "maxmemory_policy", "allkeys-lru");
            line(text, "used_memory_jvm_heap", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        if (all || sections.contains("stats"))
        {
            section(text, "Stats");
            line(text, "total_connections_received", stats.connectionsReceived());
            line(text, "total_commands_processed", stats.commandsProcessed());
            line(text, "total_net_input_bytes", stats.netInputBytes());
            line(text, "total_net_output_bytes", stats.netOutputBytes());
            line(text, "rejected_connections", stats.rejectedConnections());
            line(text, "expired_keys", storeStats.expiredKeys());
            line(text, "evicted_keys", storeStats.evictedKeys());
            line(text, "keyspace_hits", storeStats.hits());
            line(text, "keyspace_misses", storeStats.misses());
            line(text, "total_error_replies", stats.errorReplies());
            line(text, "protocol_errors", stats.protocolErrors());
            line(text, "value_bytes_served", stats.valueBytesServed());
        }
        if (all || sections.contains("memfabric"))
        {
            section(text, "MemFabric");
            line(text, "pinned_keys", storeStats.pinnedKeys());
            for (final Map.Entry<String, Long> detail : storeStats.details().entrySet())
            {
                line(text, detail.getKey(), detail.getValue());
            }
        }
        if (all || sections.contains("keyspace"))
        {
            section(text, "Keyspace");
            if (storeStats.keys() > 0)
            {
                line(text, "db0", "keys=" + storeStats.keys() + ",expires=" + storeStats.expiringKeys() +
                    ",avg_ttl=0");
            }
        }
        out.bulk(text.toString());
    }

    private static void section(final StringBuilder text, final String name)
    {
        if (text.length() > 0)
        {
            text.append("\r\n");
        }
        text.append("# ").append(name).append("\r\n");
    }

    private static void line(final StringBuilder text, final String name, final Object value)
    {
        text.append(name).append(':').append(value).append("\r\n");
    }

    private static String human(final long bytes)
    {
        if (bytes < 1024)
        {
            return bytes + "B";
        }
        final String[] units = {"K", "M", "G", "T", "P"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1)
        {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.2f%s", value, units[unit]);
    }

    private static void closeAll(final RespValue[] values)
    {
        for (final RespValue value : values)
        {
            if (value != null)
            {
                value.close();
            }
        }
    }
}
