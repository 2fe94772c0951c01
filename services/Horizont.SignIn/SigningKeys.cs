using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace Horizont.SignIn;

/// <summary>
/// The provider's signing and encryption keys: RSA keys generated at the first start and kept as PEM
/// files (mode 0600) under <c>{DataDirectory}/signin/</c>, so tokens stay valid across restarts
/// without development certificates.
/// </summary>
internal static class SigningKeys
{
    public const string SigningKeyFile = "signing-key.pem";
    public const string EncryptionKeyFile = "encryption-key.pem";

    public static void AddTo(OpenIddictServerOptions options, string dataDirectory)
    {
        var folder = PrivateFiles.Folder(dataDirectory);
        options.SigningCredentials.Add(new SigningCredentials(Load(Path.Combine(folder, SigningKeyFile)), SecurityAlgorithms.RsaSha256));
        options.EncryptionCredentials.Add(new EncryptingCredentials(
            Load(Path.Combine(folder, EncryptionKeyFile)), SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));
    }

    private static RsaSecurityKey Load(string path)
    {
        if (!File.Exists(path))
        {
            using var fresh = RSA.Create(3072);
            try
            {
                PrivateFiles.Create(path, fresh.ExportPkcs8PrivateKeyPem());
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another instance sharing the data directory wrote it first: use that one.
            }
        }

        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(path));
        // A stable key id (from the public key) lets clients keep their cached key set across restarts.
        var keyId = Base64UrlEncoder.Encode(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()))[..16];
        return new RsaSecurityKey(rsa) { KeyId = keyId };
    }
}
