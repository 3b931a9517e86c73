using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Pytti.Pipeline.Tests.Cache;

/// <summary>
/// A real HTTP cache server for tests: Debian's nginx with its WebDAV module (<c>dav_methods PUT</c>,
/// <c>create_full_put_path on</c>) on a free loopback port, as one foreground process with its own configuration
/// in a temp folder (build/setup.sh installs nginx). <see cref="Dispose"/> stops it; <see cref="Stop"/> stops it early.
/// </summary>
internal sealed class NginxServer : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-nginx-");
    private readonly Process _process;

    /// <param name="location">The body of <c>location /</c>; by default a WebDAV store that takes PUTs.</param>
    public NginxServer(string location = "dav_methods PUT; create_full_put_path on; dav_access user:rw;")
    {
        Directory.CreateDirectory(Root);
        Port = FreePort();
        var config = Path.Combine(_dir.FullName, "nginx.conf");
        File.WriteAllText(config, $$"""
            daemon off;
            master_process off;
            worker_processes 1;
            pid {{_dir.FullName}}/nginx.pid;
            error_log {{_dir.FullName}}/error.log;
            events { worker_connections 64; }
            http {
                access_log off;
                client_body_temp_path {{_dir.FullName}}/body;
                client_max_body_size 0;
                server {
                    listen 127.0.0.1:{{Port}};
                    root {{Root}};
                    location / { {{location}} }
                }
            }
            """);
        var binary = new[] { "/usr/sbin/nginx", "/usr/local/sbin/nginx" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("nginx is not installed; run build/setup.sh (it installs Debian's nginx-light).");
        _process = Process.Start(new ProcessStartInfo(binary, ["-e", Path.Combine(_dir.FullName, "error.log"), "-p", _dir.FullName, "-c", config])
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        })!;
        WaitUntilListening();
    }

    public int Port { get; }

    /// <summary>The folder the server serves: <c>cas/</c> and <c>ac/</c> appear here.</summary>
    public string Root => Path.Combine(_dir.FullName, "root");

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    public void Stop()
    {
        if (_process.HasExited) return;
        _process.Kill();
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
        _dir.Delete(recursive: true);
    }

    private void WaitUntilListening()
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"nginx exited at start: {ErrorLog()}");
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }
        Stop();
        throw new TimeoutException($"nginx did not listen on 127.0.0.1:{Port} within 20 s: {ErrorLog()}");
    }

    private string ErrorLog()
    {
        var log = Path.Combine(_dir.FullName, "error.log");
        return File.Exists(log) ? File.ReadAllText(log) : "(no error log)";
    }

    internal static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

/// <summary>A loopback server that accepts connections and never answers: a remote cache that is too slow.</summary>
internal sealed class SilentServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<Socket> _held = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public SilentServer()
    {
        _listener.Start();
        _accepting = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    var socket = await _listener.AcceptSocketAsync(_stop.Token);
                    lock (_held) _held.Add(socket);
                }
            }
            catch (OperationCanceledException) { }
        });
    }

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    public void Dispose()
    {
        _stop.Cancel();
        _accepting.Wait(TimeSpan.FromSeconds(5));
        _listener.Stop();
        lock (_held) _held.ForEach(s => s.Dispose());
        _stop.Dispose();
    }
}
