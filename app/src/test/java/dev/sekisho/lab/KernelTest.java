package dev.sekisho.lab;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test that needs root and network namespaces: tags it {@code kernel} (so
 * {@code -DexcludedGroups=kernel} leaves it out) and skips it where namespaces are not usable, or fails it
 * there under {@code -Dsekisho.requireKernelTests=true} (CI), see {@link KernelTests#assumeKernel()}. Such a
 * test class's name ends in {@code KernelTest} ({@code BrowserTest} when it drives a browser too); the lab
 * itself comes from {@link LabExtension}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag("kernel")
@ExtendWith(RequiresKernel.class)
public @interface KernelTest {
}
