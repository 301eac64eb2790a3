// The similarity maths is pure, and the compare views need it in the browser too, so it lives in
// the domain; the alignment keeps importing it from here.
export * from '../../../domain/similarity';
