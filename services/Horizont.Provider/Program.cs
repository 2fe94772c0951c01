using Horizont.Hosting;
using Horizont.Provider;
using Horizont.SignIn;

// The embedded sign-in provider runs here only with Security__LocalProvider__Enabled=true.
return await HorizontHost.RunAsync(args, "http://localhost:5200", builder => builder.AddProvider(), builder => builder.AddLocalSignIn());
