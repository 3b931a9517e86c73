using Pytti.Engine.Audio;

namespace Pytti.Engine.Tests;

/// <summary>
/// The Butterworth band-pass against scipy 1.10 (<c>butter(n, Wn, btype="bandpass", output="sos")</c>; values
/// printed with numpy). scipy pairs zeros by its "nearest" rule, so numerators differ row by row; the poles
/// (denominators), the impulse response and the frequency response are the same filter.
/// </summary>
public sealed class AudioFilterDesignTests
{
    [Fact]
    public void Order_two_matches_scipy_poles_gain_and_impulse_response()
    {
        var sos = ButterworthBandPass.Design(2, 0.2, 0.4, sampleRate: 2);   // Wn = [0.2, 0.4]
        AssertDenominators(sos, [(-0.6344484417402888, 0.5918264073655373), (-1.308020334807595, 0.697504526595456)]);
        Assert.Equal(0.0674552738890719, sos.Sections[0].B0, 14);
        AssertImpulse(sos, [0.0674552738890719, 0.1310297633430079, -0.02334070181163783, -0.24094760376428404,
            -0.2195423209657699, 0.00167583713721118, 0.1849956569940576, 0.18815388145298173], 40, -0.00023700190879010396);
    }

    [Fact]
    public void Odd_order_matches_scipy_including_the_real_prototype_pole()
    {
        var sos = ButterworthBandPass.Design(3, 0.1, 0.3, sampleRate: 2);
        AssertDenominators(sos, [(-1.2840790438404122, 0.5095254494944287), (-1.0263940971801464, 0.6507946692078062), (-1.7386603322829222, 0.8385491481879397)]);
        AssertImpulse(sos, [0.01809893300751445, 0.07328499547180398, 0.10970692617656358, 0.04439048901302391,
            -0.09958300154432147, -0.21312297189180102, -0.21594274439411676, -0.11264302544384511], 40, -0.0061341315929068895);
    }

    [Fact]
    public void Audio_band_of_order_five_matches_scipy_and_passes_only_its_band()
    {
        var sos = ButterworthBandPass.Design(5, 400, 600, 44100);
        AssertDenominators(sos, [(-1.9671014561028226, 0.97190323837790971), (-1.9683696773067241, 0.97449746952653726),
            (-1.9761466991267773, 0.97992942338258171), (-1.9824422664613133, 0.98957188904594928), (-1.9896020396967078, 0.99289913948606290)]);
        Assert.Equal(5.6082691326762274e-10, sos.Sections[0].B0, tolerance: 1e-20);
        var impulse = Impulse(sos, 41);
        Assert.Equal(5.6600817632468546e-05, impulse[40], tolerance: 1e-15);

        var centre = Math.Sqrt(400.0 * 600.0);    // the bilinear-warped geometric centre
        Assert.Equal(1.0, sos.Gain(centre, 44100), 2);
        Assert.Equal(Math.Sqrt(0.5), sos.Gain(400, 44100), 6);   // −3 dB at both edges
        Assert.Equal(Math.Sqrt(0.5), sos.Gain(600, 44100), 6);
        Assert.True(sos.Gain(200, 44100) < 1e-3, "an octave below: more than 60 dB down");
        Assert.True(sos.Gain(2000, 44100) < 1e-4, "far above: more than 80 dB down");
    }

    [Fact]
    public void Bands_outside_zero_to_nyquist_are_rejected_with_the_range()
    {
        var e = Assert.Throws<ArgumentException>(() => ButterworthBandPass.Design(5, 20000, 23000, 44100));
        Assert.Contains("22050", e.Message);
        Assert.Throws<ArgumentException>(() => ButterworthBandPass.Design(5, -10, 100, 44100));
        Assert.Throws<ArgumentException>(() => ButterworthBandPass.Design(0, 100, 200, 44100));
    }

    private static void AssertDenominators(SecondOrderSections sos, (double A1, double A2)[] scipy)
    {
        var ours = sos.Sections.Select(s => (s.A1, s.A2)).OrderBy(a => a.A2).ToArray();
        var theirs = scipy.OrderBy(a => a.A2).ToArray();
        Assert.Equal(theirs.Length, ours.Length);
        for (var i = 0; i < ours.Length; i++)
        {
            Assert.Equal(theirs[i].A1, ours[i].A1, 12);
            Assert.Equal(theirs[i].A2, ours[i].A2, 12);
        }
    }

    private static void AssertImpulse(SecondOrderSections sos, double[] first, int at, double valueAt)
    {
        var y = Impulse(sos, at + 1);
        for (var i = 0; i < first.Length; i++) Assert.Equal(first[i], y[i], 12);
        Assert.Equal(valueAt, y[at], 12);
    }

    private static double[] Impulse(SecondOrderSections sos, int length)
    {
        var x = new double[length];
        x[0] = 1;
        return sos.Filter(x);
    }
}
