using Horizont.Hosting;
using Horizont.Operations;
using Horizont.SignIn;

// The embedded sign-in provider runs here only with Security__LocalProvider__Enabled=true.
return await HorizontHost.RunAsync(args, "http://localhost:5300", builder => builder.AddOperations(), builder => builder.AddLocalSignIn());
