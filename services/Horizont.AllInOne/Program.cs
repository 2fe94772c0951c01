using Horizont.Hosting;
using Horizont.Jugendamt;
using Horizont.Operations;
using Horizont.Provider;
using Horizont.SignIn;

// Both agencies and operations in one process on the in-memory transport and SQLite files under ./data:
// the Jugendamt ja-nordhausen and the provider horizont-ev, as the default configuration says.
// Staff sign in at the embedded OpenID Connect provider unless Security__Authority names an external one.
return await HorizontHost.RunAsync(args, "http://localhost:5000",
    builder => builder.AddJugendamt(),
    builder => builder.AddProvider(),
    builder => builder.AddOperations(),
    builder => builder.AddLocalSignIn(onByDefault: true));
