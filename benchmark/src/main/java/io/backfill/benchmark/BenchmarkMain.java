package io.backfill.benchmark;

/** {@code bin/backfill-benchmark}: runs the contention benchmark and prints (and writes) its results. */
public final class BenchmarkMain {

    private BenchmarkMain() {}

    public static void main(String[] args) throws Exception {
        BenchmarkOptions options;
        try {
            options = BenchmarkOptions.parse(args);
        } catch (io.backfill.local.OptionValues.UsageException e) {
            if (e.getMessage() != null) {
                System.err.println("error: " + e.getMessage());
            }
            System.err.print(BenchmarkOptions.USAGE);
            System.exit(e.getMessage() == null ? 0 : 2);
            return;
        }
        int exit;
        try {
            exit = new ContentionBenchmark(
                            options,
                            String.join(" ", "bin/backfill-benchmark", String.join(" ", args))
                                    .trim(),
                            System.out)
                    .run();
        } catch (Exception e) {
            System.err.println("error: " + e);
            e.printStackTrace();
            exit = 1;
        }
        System.exit(exit);
    }
}
