package apps;

import apps.model.AllTypes;
import apps.model.Color;
import io.memfabric.Fabric;
import io.memfabric.annotations.Shared;

/**
 * Writes every supported type into shared fields from this class (not the declaring one) and reads it back; checks
 * root identity and that the agent really made the objects shared. Prints one line per mismatch; exit 1 if any.
 */
public final class RoundTrip
{
    @Shared("fabric://roundtrip/all")
    static AllTypes named = new AllTypes();

    @Shared
    static double ratio = 0.5;

    @Shared
    static String label = "first";

    @Shared
    static Color favourite;

    private static int checks;
    private static int failures;

    public static void main(final String[] args)
    {
        final Fabric fabric = Fabric.current();
        final AllTypes a = fabric.root("fabric://roundtrip/a", AllTypes.class, AllTypes::new);
        check("root identity", a, fabric.root("fabric://roundtrip/a", AllTypes.class, AllTypes::new), true);
        check("static root is the same root", named, fabric.root("fabric://roundtrip/all", AllTypes.class,
            () -> { throw new IllegalStateException("must exist already"); }), true);
        check("root is shared", fabric.isShared(a), true, false);

        for (int round = 0; round < 2; round++)
        {
            final boolean edge = round == 1;
            a.z = !edge;
            a.b = edge ? Byte.MIN_VALUE : 7;
            a.c = edge ? '\uffff' : 'x';
            a.s = edge ? Short.MIN_VALUE : 300;
            a.i = edge ? Integer.MIN_VALUE : 70_000;
            a.j = edge ? Long.MIN_VALUE : 1L << 40;
            a.f = edge ? Float.NaN : 1.5f;
            a.d = edge ? -0.0d : Math.PI;
            a.boxedZ = edge ? null : Boolean.TRUE;
            a.boxedB = edge ? null : (byte)-3;
            a.boxedC = edge ? null : 'q';
            a.boxedS = edge ? null : (short)-300;
            a.boxedI = edge ? null : -70_000;
            a.boxedJ = edge ? null : -(1L << 40);
            a.boxedF = edge ? null : -1.5f;
            a.boxedD = edge ? null : Math.E;
            a.text = edge ? "" : "héllo, fabric";
            a.color = edge ? null : Color.BLUE;
            final AllTypes child = edge ? null : new AllTypes();
            if (child != null)
            {
                child.j = 99;
            }
            a.child = child;

            check("boolean", a.z, !edge, false);
            check("byte", a.b, edge ? Byte.MIN_VALUE : (byte)7, false);
            check("char", a.c, edge ? '\uffff' : 'x', false);
            check("short", a.s, edge ? Short.MIN_VALUE : (short)300, false);
            check("int", a.i, edge ? Integer.MIN_VALUE : 70_000, false);
            check("long", a.j, edge ? Long.MIN_VALUE : 1L << 40, false);
            check("float bits", Float.floatToRawIntBits(a.f), Float.floatToRawIntBits(edge ? Float.NaN : 1.5f), false);
            check("double bits", Double.doubleToRawLongBits(a.d),
                Double.doubleToRawLongBits(edge ? -0.0d : Math.PI), false);
            check("Boolean", a.boxedZ, edge ? null : Boolean.TRUE, false);
            check("Byte", a.boxedB, edge ? null : Byte.valueOf((byte)-3), false);
            check("Character", a.boxedC, edge ? null : Character.valueOf('q'), false);
            check("Short", a.boxedS, edge ? null : Short.valueOf((short)-300), false);
            check("Integer", a.boxedI, edge ? null : Integer.valueOf(-70_000), false);
            check("Long", a.boxedJ, edge ? null : Long.valueOf(-(1L << 40)), false);
            check("Float", a.boxedF, edge ? null : Float.valueOf(-1.5f), false);
            check("Double", a.boxedD, edge ? null : Double.valueOf(Math.E), false);
            check("String", a.text, edge ? "" : "héllo, fabric", false);
            check("enum", a.color, edge ? null : Color.BLUE, false);
            check("shared reference", a.child, child, true);
            if (child != null)
            {
                check("referenced object became shared", fabric.isShared(child), true, false);
                check("field of referenced object", a.child.j, 99L, false);
            }
        }

        ratio = ratio * 4;
        label = label + "-second";
        favourite = Color.GREEN;
        check("static double", ratio, 2.0d, false);
        check("static String", label, "first-second", false);
        check("static enum", favourite, Color.GREEN, false);

        System.out.println("roundtrip checks=" + checks + " failures=" + failures + " " + fabric.stats());
        System.exit(failures == 0 ? 0 : 1);
    }

    private static void check(final String what, final Object actual, final Object expected, final boolean identity)
    {
        checks++;
        final boolean ok = identity ? actual == expected :
            (actual == null ? expected == null : actual.equals(expected));
        if (!ok)
        {
            failures++;
            System.out.println("MISMATCH " + what + ": expected " + expected + " but read " + actual);
        }
    }
}
