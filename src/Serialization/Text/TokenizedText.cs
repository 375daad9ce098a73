namespace Toolkit.Serialization.Text;

/// <summary>
/// One text encoded for a BERT-style model: the three input tensors' rows, all of the same length, and the token
/// strings behind the ids for debugging. The rows are [CLS], the text's pieces, [SEP], then [PAD] up to the padded
/// length when padding was asked for.
/// </summary>
/// <param name="Ids">Vocabulary ids (the model's <c>input_ids</c>).</param>
/// <param name="AttentionMask">1 for [CLS], the pieces and [SEP]; 0 for padding (the model's <c>attention_mask</c>).</param>
/// <param name="TokenTypeIds">All 0: a single text is one segment (the model's <c>token_type_ids</c>).</param>
/// <param name="Tokens">The vocabulary entry of each id, special tokens included.</param>
public sealed record TokenizedText(long[] Ids, long[] AttentionMask, long[] TokenTypeIds, IReadOnlyList<string> Tokens);
