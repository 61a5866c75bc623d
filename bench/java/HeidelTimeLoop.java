// One JVM, many documents: runs HeidelTime (standalone jar, TreeTagger) over documents named on stdin.
//
// Compiled at evaluation time by bench/heideltime_runner.py into a cache directory outside the
// repository (javac -cp de.unihd.dbs.heideltime.standalone.jar).
//
// Usage: java -cp <cachedir>:<heideltime.jar> HeidelTimeLoop <config.props> [language] [doctype]
//
// Protocol (UTF-8, one request per line on stdin, one reply per line on stdout):
//   request:  <dct YYYY-MM-DD or "-">\t<input text file>\t<output TimeML file>
//   reply:    OK\t<output file>\t<processing nanoseconds>
//          or ERR\t<output file>\t<message>
// The first line written is "READY" once HeidelTime is initialised and has tagged a warm-up
// sentence (or "FAIL\t<reason>"). An empty line or EOF ends
// the loop. Anything HeidelTime itself prints to stdout is redirected to stderr so that stdout
// carries only the protocol.

import de.unihd.dbs.heideltime.standalone.DocumentType;
import de.unihd.dbs.heideltime.standalone.HeidelTimeStandalone;
import de.unihd.dbs.heideltime.standalone.OutputType;
import de.unihd.dbs.heideltime.standalone.POSTagger;
import de.unihd.dbs.uima.annotator.heideltime.resources.Language;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.text.SimpleDateFormat;
import java.util.Date;

public final class HeidelTimeLoop {
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: HeidelTimeLoop <config.props> [language] [doctype]");
            System.exit(2);
        }
        PrintStream proto = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "UTF-8");
        System.setOut(System.err);

        String config = args[0];
        Language lang = Language.getLanguageFromString(args.length > 1 ? args[1] : "english");
        DocumentType type = DocumentType.valueOf((args.length > 2 ? args[2] : "news").toUpperCase());

        HeidelTimeStandalone ht = new HeidelTimeStandalone(
                lang, type, OutputType.TIMEML, config, POSTagger.TREETAGGER);

        SimpleDateFormat ymd = new SimpleDateFormat("yyyy-MM-dd");
        ymd.setLenient(false);

        // Warm-up: HeidelTime logs (rather than throws) most set-up failures, e.g. a TreeTagger
        // that cannot run; one tiny document tells whether it really works before any timing.
        try {
            String probe = ht.process("It opened on 1 January 2000.", ymd.parse("2000-01-02"));
            if (probe == null || !probe.contains("<TIMEX3")) {
                proto.println("FAIL\twarm-up document produced no TIMEX3 (see the log)");
                return;
            }
        } catch (Throwable e) {
            proto.println("FAIL\twarm-up failed: " + String.valueOf(e).replace('\n', ' '));
            return;
        }
        proto.println("READY");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                break;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 3) {
                proto.println("ERR\t-\tbad request line");
                continue;
            }
            String out = f[2];
            try {
                String text = new String(Files.readAllBytes(Paths.get(f[1])), StandardCharsets.UTF_8);
                long t0 = System.nanoTime();
                String timeml = "-".equals(f[0]) ? ht.process(text) : ht.process(text, ymd.parse(f[0]));
                long nanos = System.nanoTime() - t0;
                if (timeml == null) {
                    throw new IllegalStateException("HeidelTime returned no result");
                }
                Files.write(Paths.get(out), timeml.getBytes(StandardCharsets.UTF_8));
                proto.println("OK\t" + out + "\t" + nanos);
            } catch (Throwable e) {
                String msg = String.valueOf(e).replace('\t', ' ').replace('\n', ' ');
                proto.println("ERR\t" + out + "\t" + msg);
            }
        }
        proto.flush();
    }
}
