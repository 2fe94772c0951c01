using Horizont.Hosting;
using Horizont.Jugendamt;

return await HorizontHost.RunAsync(args, "http://localhost:5100", builder => builder.AddJugendamt());
