using System.Numerics;

namespace Pytti.Engine.Audio;

/// <summary>
/// scipy's <c>butter(order, [low, high] / nyquist, btype="bandpass", output="sos")</c>: the analog Butterworth
/// low-pass prototype, moved to a band-pass (2·order poles, order zeros at s = 0), pre-warped and mapped by the
/// bilinear transform (fs = 2, as scipy does for normalised frequencies). Each section holds one conjugate pole
/// pair and the zeros z = 1 and z = −1; the overall gain sits in the first section, as in scipy. scipy pairs the
/// zeros differently (its "nearest" rule), which gives the same cascade: same poles, zeros and gain.
/// </summary>
public static class ButterworthBandPass
{
    public static SecondOrderSections Design(int order, double low, double high, double sampleRate)
    {
        var nyquist = sampleRate / 2;
        if (order < 1) throw new ArgumentException($"A Butterworth filter needs order 1 or more; got {order}.");
        if (!(low > 0 && low < high && high < nyquist))
            throw new ArgumentException($"A band-pass needs 0 < low < high < {nyquist} Hz (the Nyquist frequency); got {low}..{high} Hz.");
        var w1 = 4 * Math.Tan(Math.PI * low / nyquist / 2);    // pre-warped edges, fs = 2
        var w2 = 4 * Math.Tan(Math.PI * high / nyquist / 2);
        var (bandwidth, centre) = (w2 - w1, Math.Sqrt(w1 * w2));
        var sections = new List<Biquad>();
        var denominator = Complex.One;                         // ∏ (4 − p) over the analog band-pass poles
        foreach (var (p1, p2) in AnalogPolePairs(order, bandwidth, centre))
        {
            denominator *= (4 - p1) * (4 - p2);
            var (z1, z2) = (Bilinear(p1), Bilinear(p2));
            sections.Add(new Biquad(1, 0, -1, -(z1 + z2).Real, (z1 * z2).Real));
        }
        // scipy: k = bw^order (low-pass → band-pass), times ∏(4 − zeros)/∏(4 − poles) (bilinear), zeros at s = 0
        var gain = Math.Pow(bandwidth * 4, order) / denominator.Real;
        var first = sections[0];
        sections[0] = first with { B0 = gain, B2 = -gain };
        return new SecondOrderSections(sections);
    }

    /// <summary>
    /// The band-pass poles as conjugate pairs. Prototype pole p (scaled by bw/2) becomes p ± √(p² − ω0²); the
    /// poles of p̄ are the conjugates of those of p, so each upper-half prototype pole gives two pairs, and the
    /// real one (odd order) gives its own two poles as a pair.
    /// </summary>
    private static IEnumerable<(Complex, Complex)> AnalogPolePairs(int order, double bandwidth, double centre)
    {
        for (var m = -order + 1; m <= 0; m += 2)
        {
            var p = -Complex.Exp(Complex.ImaginaryOne * Math.PI * m / (2.0 * order)) * (bandwidth / 2);
            var root = Complex.Sqrt(p * p - centre * centre);
            var (q1, q2) = (p + root, p - root);
            if (m == 0)
            {
                yield return (q1, q2);
            }
            else
            {
                yield return (q1, Complex.Conjugate(q1));
                yield return (q2, Complex.Conjugate(q2));
            }
        }
    }

    private static Complex Bilinear(Complex s) => (4 + s) / (4 - s);
}
