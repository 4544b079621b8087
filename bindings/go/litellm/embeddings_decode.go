//go:build cgo

package litellm

import (
	"encoding/json"
	"strconv"
	"unsafe"
)

// decodeEmbeddings reads the library's embed response document. Its vectors are read by
// a scanner of the one shape the library writes ([[n,n,…],…], no spaces): a batch of
// 2,048 vectors of 1,536 floats is 3 million numbers, which encoding/json decodes
// several times slower. Each number is parsed with strconv.ParseFloat(…, 32), the nearest
// float32, which is the float the server sent. The other members go through
// encoding/json; anything unexpected falls back to encoding/json for the whole document.
func decodeEmbeddings(doc []byte) (*Embeddings, error) {
	var res Embeddings
	if vectors, rest, ok := scanVectors(doc); ok {
		if err := json.Unmarshal(rest, &res); err != nil {
			return nil, badDocument("embeddings", doc, err)
		}
		res.Vectors = vectors
		return &res, nil
	}
	if err := json.Unmarshal(doc, &res); err != nil {
		return nil, badDocument("embeddings", doc, err)
	}
	return &res, nil
}

const embeddingsPrefix = `{"embeddings":[`

// scanVectors parses the document's leading "embeddings" member and returns the vectors
// and the document without that member ({...the other members}); ok is false when the
// document is not in the expected shape.
func scanVectors(doc []byte) (vectors [][]float32, rest []byte, ok bool) {
	if len(doc) < len(embeddingsPrefix) || string(doc[:len(embeddingsPrefix)]) != embeddingsPrefix {
		return nil, nil, false
	}
	i := len(embeddingsPrefix)
	width := 0
	for i < len(doc) && doc[i] == '[' {
		i++
		v := make([]float32, 0, width)
		for {
			j := i
			for j < len(doc) && doc[j] != ',' && doc[j] != ']' {
				j++
			}
			if j == len(doc) || j == i {
				return nil, nil, false
			}
			tok := doc[i:j]
			// The bytes are only read during the call: a string over them costs no copy.
			f, err := strconv.ParseFloat(*(*string)(unsafe.Pointer(&tok)), 32)
			if err != nil {
				return nil, nil, false
			}
			v = append(v, float32(f))
			i = j + 1
			if doc[j] == ']' {
				break
			}
		}
		width = len(v)
		vectors = append(vectors, v)
		if i < len(doc) && doc[i] == ',' {
			i++
		}
	}
	if i+1 >= len(doc) || doc[i] != ']' {
		return nil, nil, false
	}
	i++ // past the outer ']'
	switch doc[i] {
	case ',':
		rest = append([]byte{'{'}, doc[i+1:]...)
	case '}':
		rest = []byte(`{}`)
	default:
		return nil, nil, false
	}
	return vectors, rest, true
}
