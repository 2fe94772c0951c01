using System.Globalization;

namespace Horizont.ClusterCheck;

/// <summary>What the script hands the driver: the cluster's nodes and account, how many referrals, and what to run mid-stream.</summary>
internal sealed record CheckOptions(string Nodes, string VirtualHost, string User, string Password, int Referrals, int PostsPerSecond,
    string? MidstreamCommand, int ExpectExtra)
{
    /// <summary>The broker password comes from <c>HZ_CLUSTER_PASSWORD</c>, not the command line (which <c>ps</c> shows).</summary>
    public const string PasswordVariable = "HZ_CLUSTER_PASSWORD";

    private const string Usage =
        "usage: Horizont.ClusterCheck --nodes host:port,… --vhost NAME --user NAME [--referrals 300] [--rate 25] " +
        "[--midstream COMMAND] [--expect-extra 0]   (password in " + PasswordVariable + ")";

    public static CheckOptions? Parse(string[] args, TextWriter error)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
            values[args[i]] = args[i + 1];
        var password = Environment.GetEnvironmentVariable(PasswordVariable);
        if (args.Length % 2 != 0 || string.IsNullOrEmpty(password)
            || !values.TryGetValue("--nodes", out var nodes) || !values.TryGetValue("--vhost", out var virtualHost) || !values.TryGetValue("--user", out var user)
            || values.Keys.Except(["--nodes", "--vhost", "--user", "--referrals", "--rate", "--midstream", "--expect-extra"]).Any())
        {
            error.WriteLine(Usage);
            return null;
        }

        int Number(string key, int fallback) =>
            values.TryGetValue(key, out var text) ? int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture) : fallback;
        return new CheckOptions(nodes, virtualHost, user, password, Number("--referrals", 300), Number("--rate", 25),
            values.GetValueOrDefault("--midstream"), Number("--expect-extra", 0));
    }
}
