package dev.nabla.arch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Packages depend downward only (DESIGN.md section 2): kernel at the bottom, tensor+autograd above it, then the rest. */
class LayeringTest {
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "kernel", Set.of("kernel"),
            "tensor", Set.of("kernel", "tensor", "autograd"),
            "autograd", Set.of("kernel", "tensor", "autograd"),
            "io", Set.of("kernel", "tensor", "autograd", "io"),
            "nn", Set.of("kernel", "tensor", "autograd", "nn"),
            "loss", Set.of("kernel", "tensor", "autograd", "nn", "loss"),
            "optim", Set.of("kernel", "tensor", "autograd", "optim"),
            "data", Set.of("kernel", "tensor", "autograd", "data", "io"),
            "train", Set.of("kernel", "tensor", "autograd", "nn", "loss", "optim", "data", "io", "train"));

    @Test
    void importsPointDownward() throws IOException {
        Path root = Path.of("src/main/java/dev/nabla");
        Pattern imp = Pattern.compile("^import (?:static )?dev\\.nabla\\.(\\w+)\\.", Pattern.MULTILINE);
        Pattern ref = Pattern.compile("\\bdev\\.nabla\\.(\\w+)\\.");
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = root.relativize(f).getName(0).toString();
                Set<String> allowed = ALLOWED.get(pkg);
                if (allowed == null) continue;
                String src = Files.readString(f);
                for (Pattern p : List.of(imp, ref)) {
                    Matcher m = p.matcher(src);
                    while (m.find()) {
                        if (!allowed.contains(m.group(1))) violations.add(f + " uses dev.nabla." + m.group(1));
                    }
                }
            }
        }
        assertTrue(violations.isEmpty(), String.join("\n", violations));
    }
}
