/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric;

/**
 * The name of a root on the fabric: {@code fabric://namespace/path}, e.g. {@code fabric://bank/ledger}.
 * <p>
 * Objects are found by name, not by host. The namespace groups roots (one per application or session); the path is
 * one or more segments separated by {@code /}. Namespace and segments use letters, digits (as Java names may) and
 * {@code - _ . $ ~};
 * a segment is neither {@code .} nor {@code ..}. Names are case-sensitive and at most {@value #MAX_LENGTH} characters
 * long. There is no query, fragment, port or user part.
 */
public final class FabricUri
{
    /**
     * The scheme every fabric URI starts with, followed by {@code ://}.
     */
    public static final String SCHEME = "fabric";

    /**
     * The longest URI accepted, in characters.
     */
    public static final int MAX_LENGTH = 1024;

    private static final String PREFIX = SCHEME + "://";
    private static final String FORM = "expected fabric://namespace/path, e.g. fabric://bank/ledger";

    private final String uri;
    private final String namespace;
    private final String path;

    private FabricUri(final String uri, final String namespace, final String path)
    {
        this.uri = uri;
        this.namespace = namespace;
        this.path = path;
    }

    /**
     * Parses and validates a fabric URI.
     *
     * @param uri the text, e.g. {@code fabric://bank/ledger}.
     * @return the parsed URI.
     * @throws InvalidFabricUriException naming what is wrong, if the text is not a valid fabric URI.
     */
    public static FabricUri parse(final String uri)
    {
        if (uri == null)
        {
            throw new InvalidFabricUriException("Invalid fabric URI: it is null; " + FORM);
        }
        if (uri.isEmpty())
        {
            throw new InvalidFabricUriException("Invalid fabric URI: it is empty; " + FORM);
        }
        if (uri.length() > MAX_LENGTH)
        {
            throw invalid(uri, "it is " + uri.length() + " characters long, more than the " + MAX_LENGTH + " allowed");
        }
        if (!uri.startsWith(PREFIX))
        {
            final int schemeEnd = uri.indexOf("://");
            final String why = schemeEnd > 0 ?
                "the scheme is '" + uri.substring(0, schemeEnd) + "', not '" + SCHEME + "'" :
                "it does not start with '" + PREFIX + "'";
            throw invalid(uri, why);
        }

        final String rest = uri.substring(PREFIX.length());
        final int slash = rest.indexOf('/');
        final String namespace = slash < 0 ? rest : rest.substring(0, slash);
        if (namespace.isEmpty())
        {
            throw invalid(uri, "the namespace is missing");
        }
        checkName(uri, namespace, "the namespace");
        if (slash < 0 || slash == rest.length() - 1)
        {
            throw invalid(uri, "the path after the namespace '" + namespace + "' is missing");
        }

        final String path = rest.substring(slash + 1);
        int start = 0;
        while (start <= path.length())
        {
            int end = path.indexOf('/', start);
            if (end < 0)
            {
                end = path.length();
            }
            final String segment = path.substring(start, end);
            if (segment.isEmpty())
            {
                throw invalid(uri, "the path has an empty segment (two '/' in a row, or a '/' at the end)");
            }
            if (segment.equals(".") || segment.equals(".."))
            {
                throw invalid(uri, "the path has a '" + segment + "' segment; name each segment plainly");
            }
            checkName(uri, segment, "the path segment '" + segment + "'");
            start = end + 1;
        }

        return new FabricUri(uri, namespace, path);
    }

    /**
     * The URI of the root behind a static {@code @Shared} field that does not name one.
     *
     * @param className the binary name of the declaring class, e.g. {@code com.acme.Board}.
     * @param fieldName the field's name.
     * @return {@code fabric://static/<className>/<fieldName>}.
     */
    public static FabricUri ofStaticField(final String className, final String fieldName)
    {
        return parse(PREFIX + "static/" + className + "/" + fieldName);
    }

    /**
     * @return the namespace, the part before the first {@code /} of the path.
     */
    public String namespace()
    {
        return namespace;
    }

    /**
     * @return the path inside the namespace, without a leading {@code /}.
     */
    public String path()
    {
        return path;
    }

    /**
     * {@inheritDoc}
     */
    public boolean equals(final Object other)
    {
        return other instanceof FabricUri && ((FabricUri)other).uri.equals(uri);
    }

    /**
     * {@inheritDoc}
     */
    public int hashCode()
    {
        return uri.hashCode();
    }

    /**
     * @return the URI as text, {@code fabric://namespace/path}.
     */
    public String toString()
    {
        return uri;
    }

    private static void checkName(final String uri, final String name, final String what)
    {
        for (int i = 0; i < name.length(); i++)
        {
            final char c = name.charAt(i);
            final boolean allowed = Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == '$' ||
                c == '~';
            if (!allowed)
            {
                final String shown = Character.isWhitespace(c) || Character.isISOControl(c) ?
                    String.format("\\u%04x", (int)c) : String.valueOf(c);
                throw invalid(uri, what + " has the character '" + shown + "' at " + i +
                    "; use letters, digits and - _ . $ ~");
            }
        }
    }

    private static InvalidFabricUriException invalid(final String uri, final String why)
    {
        return new InvalidFabricUriException("Invalid fabric URI '" + uri + "': " + why + "; " + FORM);
    }
}
