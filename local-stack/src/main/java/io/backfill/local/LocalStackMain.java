package io.backfill.local;

/** {@code bin/backfill-demo}: runs the local stack and a sample backfill; Ctrl-C stops every process. */
public final class LocalStackMain {

    private LocalStackMain() {}

    public static void main(String[] args) throws Exception {
        LocalStackOptions options;
        try {
            options = LocalStackOptions.parse(args);
        } catch (io.backfill.local.OptionValues.UsageException e) {
            if (e.getMessage() != null) {
                System.err.println("error: " + e.getMessage());
            }
            System.err.print(LocalStackOptions.USAGE);
            System.exit(e.getMessage() == null ? 0 : 2);
            return;
        }
        LocalStack stack = new LocalStack(options, System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-shutdown"));
        int exit;
        try {
            exit = stack.run();
        } catch (Exception e) {
            System.err.println("error: " + e.getMessage());
            exit = 1;
        }
        stack.close();
        System.exit(exit);
    }
}
