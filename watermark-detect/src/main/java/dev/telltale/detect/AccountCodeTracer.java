package dev.telltale.detect;

import dev.telltale.core.AccountCode;
import dev.telltale.core.AccountCodeParameters;
import dev.telltale.core.AccountPrf;
import dev.telltale.core.Tt1Prf;
import dev.telltale.core.WatermarkKey;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Traces {@code kgw-accounts} texts in time linear in the text, whatever the number of accounts:
 *
 * <ol>
 *   <li>votes: for each scored (window, token) pair (each once), its code position i = slot(a) and, for every
 *       symbol c of the alphabet, whether the token is in c's list at i: q PRF values per scored token;</li>
 *   <li>decode: {@link CodeDecoder} (information sets of the Reed–Solomon code) picks the account whose
 *       codeword collects the most votes;</li>
 *   <li>p-value: {@link AgreementBound}, exact and valid against human text and against every other account's
 *       texts, times N.</li>
 * </ol>
 * Immutable and thread-safe.
 */
final class AccountCodeTracer implements AccountTracer {
    static final String METHOD = "rs-decode";
    private final String keyId;
    private final AccountCodeParameters params;
    private final AccountPrf prf;
    private final AccountCode code;
    private final CodeDecoder decoder;
    private final long threshold;
    private final int vocabSize;
    private final double alpha;

    AccountCodeTracer(WatermarkKey key, AccountCodeParameters params, double alpha) {
        this.keyId = key.keyId();
        this.params = params;
        this.prf = AccountPrf.of(key);
        this.code = params.code();
        this.decoder = new CodeDecoder(code, params.accounts(), params.accountGamma());
        this.threshold = Tt1Prf.greenThreshold(params.accountGamma());
        this.vocabSize = key.tokenizer().vocabSize();
        this.alpha = alpha;
    }

    /** Per code position: scored tokens, and how many of them are in each symbol's list. */
    private record Votes(int[][] votes, int[] slotTokens, int scored) {}

    private Votes votes(int[] ids) {
        int h = params.contextWidth();
        int length = code.length();
        int q = code.alphabet();
        int[][] votes = new int[length][q];
        int[] slotTokens = new int[length];
        PairTape tape = new PairTape(Math.max(vocabSize, Detector.maxId(ids) + 1), h);
        int scored = 0;
        for (int t = h; t < ids.length; t++) {
            if (!tape.add(ids, t + 1)) {
                continue;
            }
            long a = prf.contextSeed(ids, t - h, t);
            int slot = AccountPrf.slot(a, length);
            int token = ids[t];
            int[] v = votes[slot];
            for (int c = 0; c < q; c++) {
                v[c] += (int) (((Tt1Prf.value(AccountPrf.symbolSeed(a, slot, c), token) >>> 11) - threshold) >>> 63);
            }
            slotTokens[slot]++;
            scored++;
        }
        return new Votes(votes, slotTokens, scored);
    }

    @Override
    public AccountAttribution trace(int[] ids) {
        Votes v = votes(ids);
        CodeDecoder.Decoded d = v.scored() == 0 ? new CodeDecoder.Decoded(-1, null, 0) : decoder.decode(v.votes());
        double log10p = d.id() < 0 ? 0 : Math.min(0, log10Bound(v, d.codeword()) + Math.log10(params.accounts()));
        return result(ids, v, d.id(), d.matches(), log10p, "account_space");
    }

    @Override
    public AccountAttribution testAccount(int[] ids, long accountId) {
        params.checkAccount(accountId);
        Votes v = votes(ids);
        int[] codeword = code.encode(accountId);
        long matches = 0;
        for (int i = 0; i < codeword.length; i++) {
            matches += v.votes()[i][codeword[i]];
        }
        return result(ids, v, accountId, matches, log10Bound(v, codeword), "none");
    }

    private double log10Bound(Votes v, int[] codeword) {
        int[] slotMatches = new int[codeword.length];
        for (int i = 0; i < codeword.length; i++) {
            slotMatches[i] = v.votes()[i][codeword[i]];
        }
        return AgreementBound.log10PValue(v.slotTokens(), slotMatches, code.messageSymbols() - 1, params.accountGamma());
    }

    private AccountAttribution result(int[] ids, Votes v, long candidate, long matches, double log10p, String correction) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("correction", correction);
        details.put("code", "reed-solomon");
        details.put("symbol_bits", params.symbolBits());
        details.put("code_length", code.length());
        details.put("message_symbols", code.messageSymbols());
        details.put("agreement_positions", code.messageSymbols() - 1);
        return new AccountAttribution(keyId, params.schemeId(), METHOD, params.accounts(), ids.length, v.scored(),
                candidate, matches, log10p, alpha, details);
    }

    /** Registered through {@code META-INF/services}. */
    public static final class Provider implements AccountTracerProvider {
        @Override
        public String schemeId() {
            return AccountCodeParameters.ID;
        }

        @Override
        public AccountTracer create(WatermarkKey key, double alpha) {
            return new AccountCodeTracer(key, (AccountCodeParameters) key.scheme(), alpha);
        }
    }
}
