namespace Pytti.Engine.Audio;

/// <summary>One biquad: <c>H(z) = (b0 + b1·z⁻¹ + b2·z⁻²) / (1 + a1·z⁻¹ + a2·z⁻²)</c>, a row of scipy's <c>sos</c> array (a0 = 1).</summary>
public readonly record struct Biquad(double B0, double B1, double B2, double A1, double A2);

/// <summary>A cascade of biquads, applied as scipy's <c>sosfilt</c> (transposed direct form II, zero initial state).</summary>
public sealed record SecondOrderSections(IReadOnlyList<Biquad> Sections)
{
    /// <summary>The largest |output| of the cascade over <paramref name="window"/>, filtered from rest: PyTTI's band level (reference 9.2).</summary>
    public double PeakOf(ReadOnlySpan<float> window)
    {
        var state = new double[Sections.Count * 2];
        var peak = 0.0;
        foreach (var sample in window)
        {
            var y = Step(sample, state);
            peak = Math.Max(peak, Math.Abs(y));
        }
        return peak;
    }

    /// <summary>The cascade's output for <paramref name="input"/>, from rest.</summary>
    public double[] Filter(ReadOnlySpan<double> input)
    {
        var state = new double[Sections.Count * 2];
        var output = new double[input.Length];
        for (var i = 0; i < input.Length; i++) output[i] = Step(input[i], state);
        return output;
    }

    /// <summary>|H(e^{jω})| at <paramref name="frequency"/> Hz for a filter running at <paramref name="sampleRate"/>.</summary>
    public double Gain(double frequency, double sampleRate)
    {
        var z = System.Numerics.Complex.FromPolarCoordinates(1, -2 * Math.PI * frequency / sampleRate);  // z⁻¹
        var h = System.Numerics.Complex.One;
        foreach (var s in Sections)
            h *= (s.B0 + s.B1 * z + s.B2 * z * z) / (1 + s.A1 * z + s.A2 * z * z);
        return h.Magnitude;
    }

    private double Step(double x, double[] state)
    {
        for (var k = 0; k < Sections.Count; k++)
        {
            var s = Sections[k];
            var y = s.B0 * x + state[2 * k];
            state[2 * k] = s.B1 * x - s.A1 * y + state[2 * k + 1];
            state[2 * k + 1] = s.B2 * x - s.A2 * y;
            x = y;
        }
        return x;
    }
}
