// ---- kernel0: r0:cc
func.func @kernel0(%begin: i64, %end: i64, %bufs: !llvm.ptr, %geo: !llvm.ptr) {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %cw16 = arith.constant 16 : i64
  %cw64 = arith.constant 64 : i64
  %v0 = llvm.getelementptr %geo[0] : (!llvm.ptr) -> !llvm.ptr, i64
  %len_all = llvm.load %v0 : !llvm.ptr -> i64
  %v1 = llvm.getelementptr %geo[1] : (!llvm.ptr) -> !llvm.ptr, i64
  %tile = llvm.load %v1 : !llvm.ptr -> i64
  %v2 = llvm.getelementptr %geo[2] : (!llvm.ptr) -> !llvm.ptr, i64
  %tiles = llvm.load %v2 : !llvm.ptr -> i64
  %bp0 = llvm.getelementptr %bufs[0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr0 = llvm.load %bp0 : !llvm.ptr -> !llvm.ptr
  %v3 = llvm.getelementptr %geo[3] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride0 = llvm.load %v3 : !llvm.ptr -> i64
  %bp1 = llvm.getelementptr %bufs[1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr1 = llvm.load %bp1 : !llvm.ptr -> !llvm.ptr
  %v4 = llvm.getelementptr %geo[4] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride1 = llvm.load %v4 : !llvm.ptr -> i64
  %stiles1 = arith.maxsi %tiles, %c1 : i64
  %st = arith.remsi %begin, %stiles1 : i64
  %sr0 = arith.divsi %begin, %stiles1 : i64
  %ststart = arith.muli %st, %tile : i64
  %rows_end:1 = scf.for %row = %begin to %end step %c1 iter_args(%t = %st) -> (i64) : i64 {
    %nt1 = arith.addi %t, %c1 : i64
    %ncarry = arith.cmpi eq, %nt1, %tiles : i64
    %nt = arith.select %ncarry, %c0, %nt1 : i64
    %ntstart = arith.muli %nt, %tile : i64
    %tstart = arith.muli %t, %tile : i64
    %left = arith.subi %len_all, %tstart : i64
    %len = arith.minsi %left, %tile : i64
    %lrem64 = arith.remsi %len, %cw64 : i64
    %vend64 = arith.subi %len, %lrem64 : i64
    %lrem16 = arith.remsi %len, %cw16 : i64
    %vend16 = arith.subi %len, %lrem16 : i64
    %tb0 = arith.muli %tstart, %istride0 : i64
    %base0 = arith.addi %tb0, %c0 : i64
    %tb1 = arith.muli %tstart, %istride1 : i64
    %base1 = arith.addi %tb1, %c0 : i64
    %v5 = arith.constant 0x3F800000 : f32
    scf.for %v8 = %c0 to %vend16 step %cw16 : i64 {
      %v11 = arith.addi %base0, %v8 : i64
      %v12 = llvm.getelementptr %ptr0[%v11] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v13 = llvm.load %v12 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v14 = vector.broadcast %v5 : f32 to vector<16xf32>
      %v15 = arith.negf %v13 : vector<16xf32>
      %v16 = math.exp %v15 : vector<16xf32>
      %v17 = arith.addf %v14, %v16 fastmath<contract> : vector<16xf32>
      %v18 = arith.divf %v14, %v17 : vector<16xf32>
      %v19 = arith.mulf %v13, %v18 fastmath<contract> : vector<16xf32>
      %v20 = arith.addi %base1, %v8 : i64
      %v21 = llvm.getelementptr %ptr1[%v20] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v19, %v21 {alignment = 4 : i64} : vector<16xf32>, !llvm.ptr
    }
    %v22 = arith.cmpi sgt, %len, %vend16 : i64
    scf.if %v22 {
      %v25 = arith.subi %len, %vend16 : i64
      %v26 = arith.index_cast %v25 : i64 to index
      %v27 = vector.create_mask %v26 : vector<16xi1>
      %v29 = arith.addi %base0, %vend16 : i64
      %v30 = llvm.getelementptr %ptr0[%v29] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v32 = llvm.mlir.zero : vector<16xf32>
      %v31 = llvm.intr.masked.load %v30, %v27, %v32 {alignment = 4 : i32} : (!llvm.ptr, vector<16xi1>, vector<16xf32>) -> vector<16xf32>
      %v33 = vector.broadcast %v5 : f32 to vector<16xf32>
      %v34 = arith.negf %v31 : vector<16xf32>
      %v35 = math.exp %v34 : vector<16xf32>
      %v36 = arith.addf %v33, %v35 fastmath<contract> : vector<16xf32>
      %v37 = arith.divf %v33, %v36 : vector<16xf32>
      %v38 = arith.mulf %v31, %v37 fastmath<contract> : vector<16xf32>
      %v39 = arith.addi %base1, %vend16 : i64
      %v40 = llvm.getelementptr %ptr1[%v39] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.intr.masked.store %v38, %v40, %v27 {alignment = 4 : i32} : vector<16xf32>, vector<16xi1> into !llvm.ptr
    }
    scf.yield %nt : i64
  }
  return
}
