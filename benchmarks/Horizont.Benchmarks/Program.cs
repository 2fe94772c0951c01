using Horizont.Benchmarks;

// Issue 15's benchmark: the raw broker rate, the handover rate against it, and accept → ledger latency (docs/performance.md).
if (BenchmarkOptions.Parse(args, Console.Error) is not { } options)
    return 2;
return await BenchmarkRun.RunAsync(options, Console.Out);
