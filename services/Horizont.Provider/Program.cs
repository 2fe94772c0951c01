using Horizont.Hosting;
using Horizont.Provider;

return await HorizontHost.RunAsync(args, "http://localhost:5200", builder => builder.AddProvider());
