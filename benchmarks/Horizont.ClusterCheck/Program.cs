using Horizont.ClusterCheck;

// The driver of .ci/rabbitmq-cluster-check (issue 15): referrals through a three-node RabbitMQ cluster, one node stopped
// mid-stream, every referral one case and every acceptance one ledger line (docs/scale-out.md).
if (CheckOptions.Parse(args, Console.Error) is not { } options)
    return 2;
return await ClusterRun.RunAsync(options, Console.Out) ? 0 : 1;
