using Horizont.Hosting;
using Horizont.Jugendamt;
using Horizont.SignIn;

// The embedded sign-in provider runs here only with Security__LocalProvider__Enabled=true.
return await HorizontHost.RunAsync(args, "http://localhost:5100", builder => builder.AddJugendamt(), builder => builder.AddLocalSignIn());
