package apps;

import apps.model.AllTypes;
import io.memfabric.Fabric;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;

/** An application that bundles its own Byte Buddy, of another version than the agent's, and uses it. */
public final class BundledByteBuddy
{
    public static void main(final String[] args) throws Exception
    {
        final Class<?> generated = new ByteBuddy()
            .subclass(Object.class)
            .name("apps.generated.Greeter")
            .method(ElementMatchers.named("toString"))
            .intercept(FixedValue.value("hello from the application's Byte Buddy"))
            .make()
            .load(BundledByteBuddy.class.getClassLoader(), ClassLoadingStrategy.Default.WRAPPER)
            .getLoaded();
        final Object greeter = generated.getDeclaredConstructor().newInstance();

        final AllTypes shared = Fabric.current().root("fabric://bytebuddy/x", AllTypes.class, AllTypes::new);
        synchronized (shared)
        {
            shared.j = 41;
            shared.j++;
        }
        System.out.println("application Byte Buddy from " +
            ByteBuddy.class.getProtectionDomain().getCodeSource().getLocation());
        System.out.println(greeter + "; shared=" + shared.j + " isShared=" + Fabric.current().isShared(shared));
    }
}
